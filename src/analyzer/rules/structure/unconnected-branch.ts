import { nodeRef, orphanNodes } from '../../graph.js';
import { MAIN_CONNECTION } from '../../node-types.js';
import { defineRule } from '../rule.js';
import { branchOutputs, isTwoWayCondition } from './outputs.js';

/**
 * Items routed to an unconnected IF/Switch output are dropped without a trace. An IF whose
 * false branch is empty is the usual way to filter items in n8n, so that case is INFO only.
 */
export const unconnectedBranch = defineRule({
  id: 'structure/unconnected-branch',
  category: 'STRUCTURE',
  severity: 'LOW',
  title: 'Unconnected branch',
  description:
    'An IF or Switch output that items can be routed to is not connected, so those items silently stop there. An IF with only its false branch empty is the common filter idiom and is reported as INFO.',
  remediation: 'Connect the output to the step that should handle those items, or make the drop explicit (a No Operation node, or a Filter node instead of an IF).',
  *check(ctx) {
    const orphans = orphanNodes(ctx);
    for (const node of ctx.nodes) {
      if (orphans.has(node.index)) continue; // the whole node is unconnected: orphan-node says so
      const outputs = branchOutputs(node);
      if (!outputs) continue;
      const connected = new Set<number>();
      for (const edge of ctx.out(node.name, MAIN_CONNECTION)) connected.add(edge.outputIndex);
      const condition = isTwoWayCondition(node);
      for (const output of outputs) {
        if (connected.has(output.index)) continue;
        const filterIdiom = condition && output.index === 1 && connected.has(0);
        yield {
          node: nodeRef(node),
          severity: filterIdiom ? 'INFO' : undefined,
          message: condition
            ? `The ${output.label} branch of node "${node.name}" is not connected${filterIdiom ? ': items that fail the condition are dropped' : ''}`
            : `Output "${output.label}" of node "${node.name}" is not connected: items routed there are dropped`,
        };
      }
    }
  },
});
