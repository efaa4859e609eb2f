import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';

/**
 * n8n skips a disabled node and passes its input straight through to the next one: the flow
 * looks complete in the editor but silently does less than it shows.
 */
export const disabledNode = defineRule({
  id: 'reliability/disabled-node',
  category: 'RELIABILITY',
  severity: 'LOW',
  title: 'Disabled node left in the workflow',
  description:
    'A disabled node stays on the canvas but does nothing at run time (its input passes through unchanged, a disabled trigger never fires): easy to miss when reading the workflow.',
  remediation: 'Delete the node if it is no longer needed, or re-enable it.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (!node.disabled || node.kind === 'NOTE') continue;
      yield { node, message: `${describeNode(node)} is disabled: it is skipped at run time` };
    }
  },
});
