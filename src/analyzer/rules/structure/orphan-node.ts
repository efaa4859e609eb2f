import { nodeRef, orphanNodes } from '../../graph.js';
import { defineRule } from '../rule.js';

/** A node in no connection never runs: left over from an edit, or a forgotten wire. */
export const orphanNode = defineRule({
  id: 'structure/orphan-node',
  category: 'STRUCTURE',
  severity: 'MEDIUM',
  title: 'Orphan node',
  description:
    'A node is not connected to anything, so it never runs. Sticky notes and the legacy Start node are exempt; AI sub-nodes are covered by structure/ai-subnode-detached, disabled nodes by reliability/disabled-node.',
  remediation: 'Connect the node where it belongs in the flow, or delete it.',
  *check(ctx) {
    for (const index of orphanNodes(ctx)) {
      const node = ctx.nodes[index]!;
      if (node.disabled) continue; // one finding per cause: reliability/disabled-node reports it
      yield { node: nodeRef(node), message: `Node "${node.name}" is not connected to anything` };
    }
  },
});
