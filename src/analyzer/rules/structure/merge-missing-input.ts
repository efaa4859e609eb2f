import { indexedGraph, nodeRef, orphanNodes } from '../../graph.js';
import { defineRule } from '../rule.js';
import { mergeInputCount } from './outputs.js';

/**
 * A Merge waits for data on each of its inputs (two, or `numberInputs` from V3 on); with an
 * input left unwired it never gets what it combines, and in "choose branch" mode it never runs.
 */
export const mergeMissingInput = defineRule({
  id: 'structure/merge-missing-input',
  category: 'STRUCTURE',
  severity: 'HIGH',
  title: 'Merge missing an input',
  description:
    'A Merge node has fewer connected inputs than it waits for, so it combines nothing, passes on partial data, or never runs.',
  remediation: 'Connect every input of the Merge node, lower its number of inputs, or remove it if one branch is enough.',
  *check(ctx) {
    const g = indexedGraph(ctx);
    const orphans = orphanNodes(ctx);
    for (const node of ctx.nodes) {
      const expected = mergeInputCount(node);
      // A disabled Merge passes its first input through, so missing inputs no longer matter.
      if (expected === null || node.disabled || orphans.has(node.index)) continue;
      const connected = new Set<number>();
      for (const { edge } of g.mainInEdges[node.index]!) {
        if (Number.isInteger(edge.inputIndex) && edge.inputIndex >= 0 && edge.inputIndex < expected) connected.add(edge.inputIndex);
      }
      if (connected.size >= expected) continue;
      const wired = [...connected].sort((a, b) => a - b).map((input) => String(input + 1));
      yield {
        node: nodeRef(node),
        message:
          wired.length === 0
            ? `Merge node "${node.name}" waits for ${expected} inputs but none is connected`
            : `Merge node "${node.name}" waits for ${expected} inputs but only input${wired.length > 1 ? 's' : ''} ${andList(wired)} ${wired.length > 1 ? 'are' : 'is'} connected`,
      };
    }
  },
});

function andList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
