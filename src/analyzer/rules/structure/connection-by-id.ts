import { nodeRef } from '../../graph.js';
import { defineRule } from '../rule.js';
import { nodeForIdReference } from './node-ids.js';

const ID = 'structure/connection-by-id';

/**
 * n8n keys connections by node name. Generators and hand edits sometimes use the node id, which
 * n8n does not resolve: the connection is lost on import.
 */
export const connectionById = defineRule({
  id: ID,
  category: 'STRUCTURE',
  severity: 'HIGH',
  title: 'Connection by node id',
  description:
    'A connection refers to a node by its id instead of its name. n8n resolves connections by name only, so the connection is dropped when the workflow is imported.',
  remediation: 'Replace the node id with the node name in the connections (or reconnect the nodes in the editor).',
  *check(ctx) {
    const reported = new Set<string>();
    for (const edge of ctx.graph.edges) {
      for (const end of [edge.from, edge.to]) {
        const node = nodeForIdReference(ctx, end);
        if (!node || reported.has(end)) continue;
        reported.add(end);
        yield {
          node: nodeRef(node),
          message: `A connection refers to node "${node.name}" by its id "${end}" instead of its name`,
        };
      }
    }
  },
});
