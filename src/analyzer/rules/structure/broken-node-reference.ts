import { forEachString, isSticky, nodeRef } from '../../graph.js';
import { defineRule } from '../rule.js';
import { referencedNodeNames } from './node-references.js';

/**
 * Expressions and code name other nodes; after a rename or a deletion the reference fails at
 * run time ("Referenced node doesn't exist"). Sticky notes are documentation: their examples
 * are not checked.
 */
export const brokenNodeReference = defineRule({
  id: 'structure/broken-node-reference',
  category: 'STRUCTURE',
  severity: 'HIGH',
  title: 'Broken node reference',
  description:
    "An expression or code refers to a node that does not exist (`$('Name')`, `$node[\"Name\"]`, `$items(\"Name\")`), usually after the node was renamed or deleted. The node fails when it runs.",
  remediation: 'Update the expression to the current name of the node it should read from, or remove the reference.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (isSticky(node)) continue;
      const missing = new Set<string>();
      forEachString(node.parameters, (text) => {
        for (const name of referencedNodeNames(text)) if (!ctx.nodeByName.has(name)) missing.add(name);
      });
      for (const name of missing) {
        yield { node: nodeRef(node), message: `Node "${node.name}" refers to node "${name}", which does not exist` };
      }
    }
  },
});
