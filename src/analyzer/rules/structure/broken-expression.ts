import { isSticky, nodeRef } from '../../graph.js';
import type { Severity } from '../../model.js';
import { CODE_PARAMETER_NAMES, walkParameters } from '../params.js';
import { defineRule } from '../rule.js';
import { expressionProblem, isSelfResolvedParameter, type ExpressionProblem } from './expression-syntax.js';

const CODE_PARAMETERS: ReadonlySet<string> = new Set(CODE_PARAMETER_NAMES);

const PROBLEMS: Readonly<Record<ExpressionProblem, { severity: Severity; says: string }>> = {
  unterminated: { severity: 'HIGH', says: "has an expression whose '{{' is never closed: n8n cannot evaluate it and the node fails" },
  'stray-close': { severity: 'MEDIUM', says: "has a '}}' that closes no expression: it is output as text" },
  'not-evaluated': {
    severity: 'MEDIUM',
    says: "uses {{ }} in a field without the '=' prefix: n8n does not evaluate it and sends the braces as text",
  },
};
const ORDER: readonly ExpressionProblem[] = ['unterminated', 'stray-close', 'not-evaluated'];

/**
 * Expressions n8n cannot evaluate, or will not: an unterminated `{{`, a `}}` that closes nothing,
 * or `{{ $json… }}` in a field left in fixed mode (no `=`). Code parameters (JavaScript / Python
 * source) and sticky notes are not expressions and are skipped.
 */
export const brokenExpression = defineRule({
  id: 'structure/broken-expression',
  category: 'STRUCTURE',
  severity: 'HIGH',
  title: 'Broken expression',
  description:
    "An expression n8n cannot evaluate or will not: a '{{' never closed by '}}' (HIGH: the node fails), a '}}' that closes nothing (MEDIUM), or {{ $json… }} in a field without the '=' prefix that switches on expression mode (MEDIUM: the braces are sent as text).",
  remediation:
    "Open the field in the editor and fix the expression: balance '{{' with '}}', and switch the field to Expression (the value must start with '=') when it should be evaluated.",
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (isSticky(node)) continue;
      const found = new Map<ExpressionProblem, { path: string; count: number }>();
      for (const entry of walkParameters(node.parameters)) {
        if (typeof entry.value !== 'string') continue;
        if (entry.owner === node.parameters && typeof entry.key === 'string' && CODE_PARAMETERS.has(entry.key)) continue;
        const problem = expressionProblem(entry.value, isSelfResolvedParameter(entry.key));
        if (!problem) continue;
        const seen = found.get(problem);
        if (seen) seen.count++;
        else found.set(problem, { path: entry.path(), count: 1 });
      }
      for (const problem of ORDER) {
        const at = found.get(problem);
        if (!at) continue;
        const more = at.count > 1 ? ` (and ${at.count - 1} more)` : '';
        yield {
          node: nodeRef(node),
          severity: PROBLEMS[problem].severity,
          message: `Node "${node.name}" ${PROBLEMS[problem].says}, in ${at.path}${more}`,
        };
      }
    }
  },
});
