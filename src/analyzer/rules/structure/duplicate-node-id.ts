import { nodeRef } from '../../graph.js';
import type { WorkflowNode } from '../../model.js';
import { defineRule } from '../rule.js';

/** n8n keys node state by id; two nodes with one id overwrite each other's pinned data, etc. */
export const duplicateNodeId = defineRule({
  id: 'structure/duplicate-node-id',
  category: 'STRUCTURE',
  severity: 'HIGH',
  title: 'Duplicate node id',
  description:
    'Two nodes share a non-empty id, usually after copying JSON by hand. The platform identifies nodes by id in executions and the editor, so one of them is shadowed.',
  remediation: 'Give one of the nodes a new unique id (or delete the id and let the editor assign one on import).',
  *check(ctx) {
    const firstById = new Map<string, WorkflowNode>();
    for (const node of ctx.nodes) {
      if (node.id === '') continue;
      const first = firstById.get(node.id);
      if (!first) {
        firstById.set(node.id, node);
        continue;
      }
      yield {
        node: nodeRef(node),
        message: `Node "${node.name}" has the same id "${node.id}" as node "${first.name}"`,
      };
    }
  },
});
