import { defineRule } from '../rule.js';
import { describeNode, shortType } from '../node-display-names.js';
import { codeOf } from '../params.js';

interface DangerousConstruct {
  label: string;
  pattern: RegExp;
}

/**
 * Constructs that let code in a workflow run arbitrary code or reach the host. `(?<![.\w])`
 * keeps method calls like `regex.exec(` or `page.evaluate(` out.
 */
const DANGEROUS_CONSTRUCTS: readonly DangerousConstruct[] = [
  { label: 'eval()', pattern: /(?<![.\w$])eval\s*\(/ },
  { label: 'Function()', pattern: /(?<![.\w$])Function\s*\(/ },
  { label: 'child_process', pattern: /\bchild_process\b/ },
  { label: 'process.env', pattern: /\bprocess\.env\b/ },
  { label: 'vm module', pattern: /require\s*\(\s*['"](?:node:)?vm['"]\s*\)/ },
  { label: 'subprocess', pattern: /^\s*(?:import\s+subprocess|from\s+subprocess\s+import)|\bsubprocess\.\w+\s*\(/m },
  { label: 'os.system()', pattern: /\bos\.(?:system|popen|exec\w*)\s*\(/ },
  { label: 'exec()', pattern: /(?<![.\w$])exec\s*\(/ },
];

/** Code-bearing nodes: Code, Function, FunctionItem, and the AI agent's Code Tool. */
function isCodeNode(kind: string, type: string): boolean {
  return kind === 'CODE' || shortType(type) === 'toolCode';
}

export const codeExecution = defineRule({
  id: 'security/code-execution',
  category: 'SECURITY',
  severity: 'MEDIUM',
  title: 'Dynamic code execution in a Code node',
  description:
    'Code or Function nodes using eval, Function(), child_process, process.env or shell access: they run whatever string reaches them, or read the server\'s environment (where n8n keeps its own secrets).',
  remediation:
    'Replace eval / Function() with explicit logic, use the Execute Command node only where needed and behind validated input, and read configuration through credentials or $vars instead of process.env.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (!isCodeNode(node.kind, node.type)) continue;
      const code = codeOf(node.parameters);
      if (!code) continue;
      const found = DANGEROUS_CONSTRUCTS.filter((construct) => construct.pattern.test(code)).map(
        (construct) => construct.label,
      );
      if (found.length === 0) continue;
      yield { node, message: `${describeNode(node)} uses ${found.join(', ')}` };
    }
  },
});
