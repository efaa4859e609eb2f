import { forEachString, isSticky, nodeRef } from '../../graph.js';
import { codeMask } from '../code-scan.js';
import { CODE_PARAMETER_NAMES } from '../params.js';
import { defineRule } from '../rule.js';
import { isSelfResolvedParameter } from './expression-syntax.js';
import { expressionBlocks, referencedNodeNames } from './node-references.js';

const CODE_PARAMETERS: ReadonlySet<string> = new Set(CODE_PARAMETER_NAMES);

/**
 * Expressions and code name other nodes; after a rename or a deletion the reference fails at
 * run time ("Referenced node doesn't exist"). Only what n8n runs is read: the `{{ … }}` blocks
 * of expression-mode parameters, and a Code node's source outside its string literals and
 * comments. Sticky notes are documentation: their examples are not checked.
 */
export const brokenNodeReference = defineRule({
  id: 'structure/broken-node-reference',
  category: 'STRUCTURE',
  severity: 'HIGH',
  title: 'Broken node reference',
  description:
    "An expression or code refers to a node that does not exist (`$('Name')`, `$node[\"Name\"]`, `$items(\"Name\")`), usually after the node was renamed or deleted. The node fails when it runs. Only `{{ … }}` blocks of expression-mode (`=`) parameters and Code node source outside string literals and comments are read.",
  remediation: 'Update the expression to the current name of the node it should read from, or remove the reference.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (isSticky(node)) continue;
      const missing = new Set<string>();
      const check = (names: readonly string[]) => {
        for (const name of names) if (!ctx.nodeByName.has(name)) missing.add(name);
      };
      // Top-level entries in order, so names are reported in the order the parameters give them.
      for (const [key, value] of Object.entries(node.parameters)) {
        if (CODE_PARAMETERS.has(key) && typeof value === 'string') {
          check(referencedNodeNames(value, codeMask));
          continue;
        }
        const evaluated = isSelfResolvedParameter(key);
        forEachString(value, (text) => {
          for (const block of expressionBlocks(text, evaluated)) check(referencedNodeNames(block, codeMask));
        });
      }
      for (const name of missing) {
        yield { node: nodeRef(node), message: `Node "${node.name}" refers to node "${name}", which does not exist` };
      }
    }
  },
});
