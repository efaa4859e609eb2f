import { orphanNodes, reachableFromTriggers, triggerNodes } from '../../graph.js';
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
    if (!ctx.nodes.some((node) => node.disabled)) return;
    // The structure rules leave disabled nodes to this one (one finding per cause), so say here
    // when the node is also cut off from the flow.
    const orphans = orphanNodes(ctx);
    const reachable = triggerNodes(ctx).length > 0 ? reachableFromTriggers(ctx) : null;
    for (const node of ctx.nodes) {
      if (!node.disabled || node.kind === 'NOTE') continue;
      const cutOff = orphans.has(node.index)
        ? ' and connected to nothing'
        : reachable && !reachable[node.index]
          ? ' and no trigger leads to it'
          : '';
      yield { node, message: `${describeNode(node)} is disabled${cutOff}: it is skipped at run time` };
    }
  },
});
