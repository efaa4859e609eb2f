import type { AnalysisContext } from '../../context.js';
import type { WorkflowNode } from '../../model.js';

/** First node with each non-empty id: tells a connection keyed by id from a dangling one. */
export function nodeById(ctx: AnalysisContext): ReadonlyMap<string, WorkflowNode> {
  return ctx.memo('structure:nodeById', () => {
    const byId = new Map<string, WorkflowNode>();
    for (const node of ctx.nodes) if (node.id !== '' && !byId.has(node.id)) byId.set(node.id, node);
    return byId;
  });
}

/** A connection end that names no node but is some node's id. */
export function nodeForIdReference(ctx: AnalysisContext, end: string): WorkflowNode | undefined {
  return ctx.nodeByName.has(end) ? undefined : nodeById(ctx).get(end);
}
