/**
 * The analyzer's internal workflow model. Every importer (n8n, native) normalizes into this
 * shape, so rules are written once. Pure data: no I/O anywhere under src/analyzer.
 */

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = ['STRUCTURE', 'SECURITY', 'RELIABILITY', 'PERFORMANCE', 'MAINTAINABILITY'] as const;
export type Category = (typeof CATEGORIES)[number];

export const WORKFLOW_FORMATS = ['N8N', 'NATIVE'] as const;
export type WorkflowFormat = (typeof WORKFLOW_FORMATS)[number];

/**
 * Platform-neutral role of a node. n8n nodes get a kind from their type; NATIVE nodes declare it.
 * Rules that only make sense for one platform also look at `type`.
 */
export const NODE_KINDS = [
  'TRIGGER', // starts the workflow on its own (webhook, schedule, *Trigger, form, chat…)
  'MANUAL_TRIGGER', // only runs when a person clicks "execute"
  'ERROR_TRIGGER', // runs when another workflow fails
  'ACTION', // anything that does work (HTTP, database, app nodes…)
  'CONDITION', // IF / Filter: outputs 0 = true, 1 = false
  'SWITCH', // Switch / router: N outputs
  'MERGE', // waits for several inputs
  'LOOP', // SplitInBatches: output 0 = done, 1 = loop
  'WAIT',
  'CODE', // Code / Function / FunctionItem
  'RESPOND', // Respond to Webhook
  'AI_ROOT', // agent / chain that takes ai_* sub-nodes
  'AI_SUBNODE', // model, memory, tool, parser, embeddings… attached through ai_* edges
  'NOTE', // sticky note: documentation, never connected
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export interface WorkflowNode {
  /** Position in the definition's node list; the stable order for findings. */
  index: number;
  /** Node id as given ('' when the definition has none). */
  id: string;
  /** Unique name in a valid workflow; connections refer to it. */
  name: string;
  /** Platform type, e.g. `n8n-nodes-base.httpRequest` (NATIVE: the node's `type` or its kind). */
  type: string;
  kind: NodeKind;
  typeVersion?: number;
  parameters: Record<string, unknown>;
  credentials?: Record<string, unknown>;
  disabled: boolean;
  /** n8n: stopWorkflow | continueRegularOutput | continueErrorOutput. */
  onError?: string;
  /** Legacy n8n flag replaced by onError. */
  continueOnFail?: boolean;
  retryOnFail?: boolean;
  maxTries?: number;
  /** Milliseconds. */
  waitBetweenTries?: number;
  executeOnce?: boolean;
  position?: [number, number];
  notes?: string;
}

/** One connection from an output of `from` to an input of `to`. Kept raw: rules validate it. */
export interface WorkflowEdge {
  /** Source node name as written in the definition (may name no node: dangling). */
  from: string;
  /** Target node name as written (may name no node). */
  to: string;
  /** `main` or an AI sub-node type such as `ai_languageModel`, `ai_tool`, `ai_memory`. */
  type: string;
  /** Output slot of the source. May be invalid (negative, fractional) in a broken file. */
  outputIndex: number;
  /** Input slot of the target. */
  inputIndex: number;
}

export interface WorkflowGraph {
  format: WorkflowFormat;
  name?: string;
  /** Whether the workflow is activated in its platform (n8n `active`). */
  active: boolean;
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
  settings: Record<string, unknown>;
  /** n8n pinned test data, keyed by node name; undefined or {} when none. */
  pinData?: Record<string, unknown>;
  /**
   * Problems the importer met that the model cannot represent (a connection entry that is not
   * an object, a connection type that is not an array…). Reported by the rule named in each.
   */
  importIssues: ImportIssue[];
}

export interface ImportIssue {
  ruleId: string;
  message: string;
  nodeName?: string;
}

/** What a rule emits; the engine fills in rule id, category and default severity. */
export interface FindingDraft {
  /** The node at fault; omit for workflow-level findings. */
  node?: Pick<WorkflowNode, 'id' | 'name'>;
  /** Names the node (or the workflow) and says what is wrong, in one sentence. */
  message: string;
  /** Overrides the rule's default severity (e.g. webhook auth HIGH when active, MEDIUM else). */
  severity?: Severity;
  /** Overrides the rule's remediation when a finding needs a more specific one. */
  remediation?: string;
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  /** null for workflow-level findings. */
  nodeId: string | null;
  nodeName: string | null;
  message: string;
  remediation: string;
}
