import { nodeRef } from '../../graph.js';
import type { FindingDraft, WorkflowEdge } from '../../model.js';
import { KNOWN_CONNECTION_TYPES, MAIN_CONNECTION } from '../../node-types.js';
import type { AnalysisContext } from '../../context.js';
import { defineRule } from '../rule.js';
import { mainOutputCount } from './outputs.js';

const ID = 'structure/invalid-connection';

/**
 * Connections the platform cannot honour: an unknown connection type, a slot index that is not a
 * non-negative integer, or an output the source node does not have (e.g. output 2 of an IF).
 */
export const invalidConnection = defineRule({
  id: ID,
  category: 'STRUCTURE',
  severity: 'HIGH',
  title: 'Invalid connection',
  description:
    'A connection uses an unknown connection type, a negative or fractional output/input index, or an output index beyond the outputs of its source node. Items sent that way go nowhere.',
  remediation: 'Delete the connection and draw it again in the editor from the intended output.',
  *check(ctx) {
    const seen = new Set<string>();
    for (const edge of ctx.graph.edges) {
      const finding = problemOf(ctx, edge);
      if (!finding || seen.has(finding.message)) continue;
      seen.add(finding.message);
      yield finding;
    }
  },
});

function problemOf(ctx: AnalysisContext, edge: WorkflowEdge): FindingDraft | undefined {
  const source = ctx.nodeByName.get(edge.from);
  const target = ctx.nodeByName.get(edge.to);
  const node = source ? nodeRef(source) : target ? nodeRef(target) : undefined;
  const what = `The connection from "${edge.from}" to "${edge.to}"`;

  if (!KNOWN_CONNECTION_TYPES.has(edge.type)) {
    return { node, message: `${what} has the unknown connection type "${edge.type}"` };
  }
  if (!isSlot(edge.outputIndex)) {
    return { node, message: `${what} leaves from output ${edge.outputIndex}, which is not a valid output index` };
  }
  if (!isSlot(edge.inputIndex)) {
    return { node, message: `${what} arrives at input ${edge.inputIndex}, which is not a valid input index` };
  }
  if (source && edge.type === MAIN_CONNECTION) {
    const outputs = mainOutputCount(source);
    if (outputs !== null && edge.outputIndex >= outputs) {
      return {
        node,
        message: `${what} leaves from output ${edge.outputIndex}, but node "${source.name}" has only ${outputs} output${outputs === 1 ? '' : 's'}`,
      };
    }
  }
  return undefined;
}

function isSlot(index: number): boolean {
  return Number.isInteger(index) && index >= 0;
}
