import { nodeRef } from '../../graph.js';
import type { WorkflowNode } from '../../model.js';
import { defineRule } from '../rule.js';

/** Connections name their ends, so a second node with the same name cannot be told apart. */
export const duplicateNodeName = defineRule({
  id: 'structure/duplicate-node-name',
  category: 'STRUCTURE',
  severity: 'CRITICAL',
  title: 'Duplicate node name',
  description:
    'Two nodes share a name. Connections and expressions refer to nodes by name, so they cannot tell the two apart and the platform rejects or rewires the workflow.',
  remediation: 'Rename one of the nodes so every node name is unique, then check the connections and expressions that used the name.',
  *check(ctx) {
    const firstByName = new Map<string, WorkflowNode>();
    for (const node of ctx.nodes) {
      const first = firstByName.get(node.name);
      if (!first) {
        firstByName.set(node.name, node);
        continue;
      }
      yield {
        node: nodeRef(node),
        message: `Node "${node.name}" (node ${node.index + 1} in the list) has the same name as node ${first.index + 1}: connections to "${node.name}" are ambiguous`,
      };
    }
  },
});
