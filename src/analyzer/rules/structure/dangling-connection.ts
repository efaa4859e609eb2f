import { nodeRef } from '../../graph.js';
import { defineRule } from '../rule.js';
import { nodeForIdReference } from './node-ids.js';

const ID = 'structure/dangling-connection';

/**
 * A connection whose source or target names no node: the platform drops it (or refuses the
 * file), so the flow silently stops there. Ends that are a node's id are connection-by-id.
 */
export const danglingConnection = defineRule({
  id: ID,
  category: 'STRUCTURE',
  severity: 'CRITICAL',
  title: 'Dangling connection',
  description:
    'A connection starts or ends at a node name that does not exist, usually after a node was renamed or deleted by editing the JSON. Items never reach the intended node.',
  remediation: 'Reconnect the output to the intended node in the editor, or fix the node name in the connections.',
  *check(ctx) {
    const reported = new Set<string>();
    for (const edge of ctx.graph.edges) {
      const from = ctx.nodeByName.get(edge.from);
      const to = ctx.nodeByName.get(edge.to);
      const missingFrom = !from && !nodeForIdReference(ctx, edge.from);
      const missingTo = !to && !nodeForIdReference(ctx, edge.to);
      if (!missingFrom && !missingTo) continue;
      const key = JSON.stringify([edge.from, edge.to]);
      if (reported.has(key)) continue;
      reported.add(key);
      if (missingFrom && missingTo) {
        yield { message: `A connection from "${edge.from}" to "${edge.to}" joins two nodes that do not exist` };
      } else if (missingTo) {
        yield {
          node: from ? nodeRef(from) : undefined,
          message: `Node "${edge.from}" is connected to "${edge.to}", which is not a node of this workflow`,
        };
      } else {
        yield {
          node: to ? nodeRef(to) : undefined,
          message: `Node "${edge.to}" has an incoming connection from "${edge.from}", which is not a node of this workflow`,
        };
      }
    }
  },
});
