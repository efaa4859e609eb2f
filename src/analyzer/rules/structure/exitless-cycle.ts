import type { AnalysisContext } from '../../context.js';
import { indexedGraph, nodeRef, quotedList, stronglyConnectedComponents } from '../../graph.js';
import type { WorkflowNode } from '../../model.js';
import { defineRule } from '../rule.js';
import { isTwoWayCondition, loopOutputs } from './outputs.js';

/**
 * Node types that can end a cycle by themselves: they drop items (Filter, Limit, Remove
 * Duplicates), stop the run (Stop and Error) or may return nothing (code). A cycle through one
 * of them is a deliberate loop, not necessarily an endless one.
 */
const ITEM_DROPPING_TYPES = new Set([
  'n8n-nodes-base.filter',
  'n8n-nodes-base.limit',
  'n8n-nodes-base.removeDuplicates',
  'n8n-nodes-base.stopAndError',
]);

/**
 * A cycle with no way out runs until the platform kills the execution. A cycle has a way out
 * when one of its nodes sends items outside it, leaves an IF output or a Switch's unmatched
 * items unconnected, is a SplitInBatches loop whose `done` output does not feed the cycle
 * again, or is a node that may drop or stop items.
 */
export const exitlessCycle = defineRule({
  id: 'structure/exitless-cycle',
  category: 'STRUCTURE',
  severity: 'HIGH',
  title: 'Cycle without exit',
  description:
    'Nodes form a loop that no output leaves and no condition can end, so items go round until the execution times out or runs out of memory.',
  remediation: 'Add an exit to the loop: an IF whose other branch leaves it, a Loop Over Items (SplitInBatches) node with its done output leading on, or a counter that stops it.',
  *check(ctx) {
    const { members, componentOf } = stronglyConnectedComponents(ctx);
    const g = indexedGraph(ctx);
    for (let component = 0; component < members.length; component++) {
      const nodes = members[component]!;
      const isCycle = nodes.length > 1 || g.mainOut[nodes[0]!]!.includes(nodes[0]!);
      if (!isCycle) continue;
      const inCycle = (index: number) => componentOf[index] === component;
      if (nodes.some((index) => canLeave(ctx, ctx.nodes[index]!, inCycle))) continue;
      const ordered = [...nodes].sort((a, b) => a - b).map((index) => ctx.nodes[index]!);
      const first = ordered[0]!;
      yield {
        node: nodeRef(first),
        message:
          ordered.length === 1
            ? `Node "${first.name}" feeds itself with no way out of the loop`
            : `Nodes ${quotedList(ordered.map((node) => node.name))} form a loop with no way out`,
      };
    }
  },
});

function canLeave(ctx: AnalysisContext, node: WorkflowNode, inCycle: (index: number) => boolean): boolean {
  const out = indexedGraph(ctx).mainOutEdges[node.index]!;
  if (out.some(({ to }) => !inCycle(to))) return true;
  if (node.kind === 'CODE' || ITEM_DROPPING_TYPES.has(node.type)) return true;
  // Switch rules drop the items that match no rule unless a fallback catches them: assume an exit.
  if (node.kind === 'SWITCH') return true;
  if (isTwoWayCondition(node)) return ![0, 1].every((output) => out.some(({ edge }) => edge.outputIndex === output));
  if (node.kind === 'LOOP') {
    // SplitInBatches V1 stops by itself once its input is used up. From V2 on the loop ends on
    // its "done" output (index 1 in V2, 0 from V3), unless "done" is wired back into the cycle.
    const outputs = loopOutputs(node);
    if (!outputs) return true;
    return !out.some(({ edge }) => edge.outputIndex === outputs.done);
  }
  return false;
}
