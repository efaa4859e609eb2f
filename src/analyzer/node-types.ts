import type { NodeKind } from './model.js';

/**
 * n8n node type -> platform-neutral NodeKind. A small exact table for the nodes whose role the
 * rules depend on, then name patterns for the open-ended families (`*Trigger`, `*Tool`, the
 * LangChain sub-nodes) so community and future nodes get a sensible kind without a table entry.
 */

// A Map, not an object: the key is user text, and `constructor` or `toString` must not find
// Object.prototype's members.
const EXACT_KINDS: ReadonlyMap<string, NodeKind> = new Map(Object.entries({
  'n8n-nodes-base.manualTrigger': 'MANUAL_TRIGGER',
  'n8n-nodes-base.start': 'MANUAL_TRIGGER', // legacy "Start" node: only runs from the editor
  '@n8n/n8n-nodes-langchain.manualChatTrigger': 'MANUAL_TRIGGER', // editor-only chat panel
  'n8n-nodes-base.errorTrigger': 'ERROR_TRIGGER',
  'n8n-nodes-base.webhook': 'TRIGGER',
  'n8n-nodes-base.formTrigger': 'TRIGGER',
  'n8n-nodes-base.scheduleTrigger': 'TRIGGER',
  'n8n-nodes-base.cron': 'TRIGGER',
  'n8n-nodes-base.interval': 'TRIGGER',
  'n8n-nodes-base.emailReadImap': 'TRIGGER',
  // Runs when another workflow calls this one: a real entry point, not a manual one.
  'n8n-nodes-base.executeWorkflowTrigger': 'TRIGGER',
  '@n8n/n8n-nodes-langchain.chatTrigger': 'TRIGGER',
  'n8n-nodes-base.if': 'CONDITION',
  'n8n-nodes-base.filter': 'CONDITION',
  'n8n-nodes-base.switch': 'SWITCH',
  'n8n-nodes-base.merge': 'MERGE',
  'n8n-nodes-base.splitInBatches': 'LOOP',
  'n8n-nodes-base.wait': 'WAIT',
  'n8n-nodes-base.code': 'CODE',
  'n8n-nodes-base.function': 'CODE',
  'n8n-nodes-base.functionItem': 'CODE',
  'n8n-nodes-base.respondToWebhook': 'RESPOND',
  'n8n-nodes-base.stickyNote': 'NOTE',
  // LangChain nodes that take main items in and ai_* sub-nodes, but end in neither pattern.
  '@n8n/n8n-nodes-langchain.agent': 'AI_ROOT',
  '@n8n/n8n-nodes-langchain.informationExtractor': 'AI_ROOT',
  '@n8n/n8n-nodes-langchain.sentimentAnalysis': 'AI_ROOT',
  '@n8n/n8n-nodes-langchain.textClassifier': 'AI_ROOT',
  '@n8n/n8n-nodes-langchain.memoryManager': 'AI_ROOT',
  '@n8n/n8n-nodes-langchain.code': 'AI_ROOT',
} satisfies Record<string, NodeKind>));

const LANGCHAIN_PREFIX = '@n8n/n8n-nodes-langchain.';

/** LangChain sub-node families: attached to a root through an ai_* connection. */
const AI_SUBNODE_PREFIXES = [
  'lm', // lmChatOpenAi, lmOllama…
  'memory', // memoryBufferWindow, memoryPostgresChat… (memoryManager is in the exact table)
  'tool', // toolWorkflow, toolHttpRequest, toolCalculator…
  'outputParser',
  'embeddings',
  'textSplitter',
  'document', // documentDefaultDataLoader, documentJsonInputLoader…
  'retriever',
  'reranker',
];

/** Vector store modes in which the node is a sub-node (feeds a retriever or an agent). */
const VECTOR_STORE_SUBNODE_MODES = new Set(['retrieve', 'retrieve-as-tool']);

/** The part after the package prefix: `n8n-nodes-base.httpRequest` -> `httpRequest`. */
export function shortTypeName(type: string): string {
  const dot = type.lastIndexOf('.');
  return dot === -1 ? type : type.slice(dot + 1);
}

/**
 * Kind of an n8n node. `parameters` matters for vector stores only: the same type is a root
 * (insert/load documents) or a sub-node (retrieve, retrieve-as-tool) depending on its mode;
 * n8n's own default mode is `retrieve`.
 */
export function n8nNodeKind(type: string, parameters: Record<string, unknown> = {}): NodeKind {
  const exact = EXACT_KINDS.get(type);
  if (exact) return exact;
  const short = shortTypeName(type);

  if (type.startsWith(LANGCHAIN_PREFIX)) {
    if (short.startsWith('vectorStore')) {
      const mode = typeof parameters.mode === 'string' ? parameters.mode : 'retrieve';
      return VECTOR_STORE_SUBNODE_MODES.has(mode) ? 'AI_SUBNODE' : 'AI_ROOT';
    }
    if (short.startsWith('chain')) return 'AI_ROOT';
    if (AI_SUBNODE_PREFIXES.some((prefix) => short.startsWith(prefix))) return 'AI_SUBNODE';
  }
  // Tool variants of app nodes (n8n-nodes-base.gmailTool, mcpClientTool, agentTool…).
  if (short.endsWith('Tool')) return 'AI_SUBNODE';
  if (short.endsWith('Trigger')) return 'TRIGGER';
  return 'ACTION';
}

/** Kinds that start a run. ERROR_TRIGGER starts one too (when another workflow fails). */
export function isTriggerKind(kind: NodeKind): boolean {
  return kind === 'TRIGGER' || kind === 'MANUAL_TRIGGER' || kind === 'ERROR_TRIGGER';
}

/** `ai_languageModel`, `ai_tool`… : sub-node edges, which point from the sub-node to its root. */
export function isAiConnectionType(type: string): boolean {
  return type.startsWith('ai_');
}

export const MAIN_CONNECTION = 'main';

/** Connection types n8n knows (n8n-workflow `NodeConnectionTypes`); others are invalid. */
export const KNOWN_CONNECTION_TYPES: ReadonlySet<string> = new Set([
  'main',
  'ai_agent',
  'ai_chain',
  'ai_document',
  'ai_embedding',
  'ai_languageModel',
  'ai_memory',
  'ai_outputParser',
  'ai_retriever',
  'ai_reranker',
  'ai_textSplitter',
  'ai_tool',
  'ai_vectorStore',
]);
