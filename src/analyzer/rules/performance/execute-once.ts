import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';

export const executeOnce = defineRule({
  id: 'performance/execute-once',
  category: 'PERFORMANCE',
  severity: 'INFO',
  title: 'Execute Once is set',
  description:
    '"Execute Once" makes the node run for the first input item only and ignore the others: right for a one-off lookup, a silent data loss when several items are expected.',
  remediation:
    'Make sure only one item is meant to be processed here; otherwise turn "Execute Once" off, or aggregate the items first if one call should handle all of them.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (node.executeOnce !== true || node.disabled || node.kind === 'NOTE') continue;
      yield { node, message: `${describeNode(node)} runs once, on the first item only (Execute Once)` };
    }
  },
});
