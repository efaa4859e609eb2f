import { defineRule } from '../rule.js';
import { describeNode, shortType } from '../node-display-names.js';
import { codeOf } from '../params.js';

const MAX_LINES = 100;

function lineCount(code: string): number {
  let lines = 1;
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) lines++;
  return lines;
}

export const longCode = defineRule({
  id: 'maintainability/long-code',
  category: 'MAINTAINABILITY',
  severity: 'LOW',
  title: 'Long code in a Code node',
  description:
    'A Code / Function node with more than 100 lines: untested, unversioned logic hidden in a text box, hard to review and reuse.',
  remediation:
    'Split the logic across smaller nodes (Edit Fields, If, Aggregate) or a sub-workflow, or move it into a tested package or service the workflow calls.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (node.kind !== 'CODE' && shortType(node.type) !== 'toolCode') continue;
      const code = codeOf(node.parameters);
      if (!code) continue;
      const lines = lineCount(code.trimEnd());
      if (lines > MAX_LINES) yield { node, message: `${describeNode(node)} has ${lines} lines of code` };
    }
  },
});
