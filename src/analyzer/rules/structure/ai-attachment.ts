import type { AnalysisContext } from '../../context.js';
import { indexedGraph } from '../../graph.js';
import type { WorkflowNode } from '../../model.js';
import { shortTypeName } from '../../node-types.js';

/**
 * AI sub-nodes attached to no root: no ai_* edge from them to an existing node. A sub-node type
 * wired through `main` is being used as an ordinary node (vector stores in insert mode, for
 * instance), so it is not detached.
 */
export function detachedSubNodes(ctx: AnalysisContext): ReadonlySet<number> {
  return ctx.memo('structure:detachedSubNodes', () => {
    const g = indexedGraph(ctx);
    const detached = new Set<number>();
    for (const node of ctx.nodes) {
      if (node.kind !== 'AI_SUBNODE' || g.aiOut[node.index]!.length > 0) continue;
      if (g.mainOutEdges[node.index]!.length > 0 || g.mainInEdges[node.index]!.length > 0) continue;
      detached.add(node.index);
    }
    return detached;
  });
}

/** LangChain roots that cannot run without a chat/language model attached (n8n marks it required). */
const NEEDS_LANGUAGE_MODEL = new Set([
  'agent',
  'agentTool',
  'chainLlm',
  'chainRetrievalQa',
  'chainSummarization',
  'informationExtractor',
  'sentimentAnalysis',
  'textClassifier',
]);

export function needsLanguageModel(node: WorkflowNode): boolean {
  return node.type.startsWith('@n8n/n8n-nodes-langchain.') && NEEDS_LANGUAGE_MODEL.has(shortTypeName(node.type));
}
