import { z } from 'zod';
import { NODE_KINDS, type WorkflowEdge, type WorkflowNode } from '../model.js';
import { emptyGraph, invalidResult, isPlainObject, type ImportResult } from './import-result.js';

/**
 * NATIVE: a small platform-neutral workflow format for tools other than n8n. Nodes declare
 * their kind; edges name their ends by node id (preferred: ids are stable across renames) or,
 * when no node has that id, by node name. The JSON Schema in native.schema.json is generated
 * from this zod schema (a test keeps them equal), so there is one definition.
 */
export const NATIVE_ON_ERROR = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'] as const;

const nativeNodeSchema = z.object({
  id: z.string().min(1).describe('Unique, stable node id'),
  name: z.string().min(1).describe('Unique display name; used in messages'),
  kind: z.enum(NODE_KINDS).describe('Platform-neutral role of the node'),
  type: z.string().min(1).optional().describe('Platform type, e.g. "http.request"; defaults to the kind'),
  parameters: z.record(z.string(), z.unknown()).optional().describe('Node configuration, scanned by the security rules'),
  disabled: z.boolean().optional(),
  onError: z.enum(NATIVE_ON_ERROR).optional().describe('What happens when the node fails; continueErrorOutput routes failed items to output 1'),
  retry: z
    .object({
      maxTries: z.int().min(1),
      waitMs: z.int().min(0),
    })
    .optional()
    .describe('Retries on failure'),
  notes: z.string().optional(),
});

const nativeEdgeSchema = z.object({
  from: z.string().min(1).describe('Source node id (or name)'),
  to: z.string().min(1).describe('Target node id (or name)'),
  output: z.int().min(0).optional().describe('Output slot of the source; default 0'),
  input: z.int().min(0).optional().describe('Input slot of the target; default 0'),
  type: z.string().min(1).optional().describe('"main" (default) or an AI sub-node type such as "ai_tool"'),
});

export const nativeWorkflowSchema = z.object({
  format: z.literal('native'),
  version: z.literal(1),
  name: z.string(),
  active: z.boolean().optional().describe('Whether the workflow runs in production'),
  nodes: z.array(nativeNodeSchema),
  edges: z.array(nativeEdgeSchema),
  settings: z.record(z.string(), z.unknown()).optional(),
});

export type NativeWorkflow = z.infer<typeof nativeWorkflowSchema>;

export function importNative(input: unknown): ImportResult {
  const parsed = nativeWorkflowSchema.safeParse(input);
  if (!parsed.success) {
    return invalidResult('NATIVE', parsed.error.issues.map((issue) => describeIssue(issue, input)));
  }
  const workflow = parsed.data;
  // zod rebuilds records with plain assignment, so a `__proto__` key in parameters or settings
  // would become the copy's prototype and vanish from what the rules scan. The schema has
  // checked them: keep the caller's own objects, which JSON.parse gave own `__proto__` keys.
  const raw = input as { nodes: { parameters?: Record<string, unknown> }[]; settings?: Record<string, unknown> };
  const graph = emptyGraph('NATIVE');
  graph.name = workflow.name;
  graph.active = workflow.active === true;
  graph.settings = raw.settings ?? {};
  graph.nodes = workflow.nodes.map((node, index) => toModelNode(node, index, raw.nodes[index]!.parameters));

  // Ids first, then names; the first node wins a duplicate (duplicates are their own finding).
  const nameById = new Map<string, string>();
  for (const node of graph.nodes) if (!nameById.has(node.id)) nameById.set(node.id, node.name);
  const resolve = (ref: string) => nameById.get(ref) ?? ref;
  graph.edges = workflow.edges.map(
    (edge): WorkflowEdge => ({
      from: resolve(edge.from),
      to: resolve(edge.to),
      type: edge.type ?? 'main',
      outputIndex: edge.output ?? 0,
      inputIndex: edge.input ?? 0,
    }),
  );
  return { format: 'NATIVE', graph, invalid: false };
}

function toModelNode(
  node: NativeWorkflow['nodes'][number],
  index: number,
  parameters: Record<string, unknown> | undefined,
): WorkflowNode {
  const model: WorkflowNode = {
    index,
    id: node.id,
    name: node.name,
    type: node.type ?? node.kind,
    kind: node.kind,
    parameters: parameters ?? {},
    disabled: node.disabled === true,
  };
  if (node.onError) model.onError = node.onError;
  if (node.retry) {
    model.retryOnFail = true;
    model.maxTries = node.retry.maxTries;
    model.waitBetweenTries = node.retry.waitMs;
  }
  if (node.notes !== undefined) model.notes = node.notes;
  return model;
}

/** `nodes[3].name is missing` rather than zod's generic "expected string, received undefined". */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = formatPath(issue.path);
  const where = path === '' ? 'the workflow' : path;
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
    return path === '' ? 'the workflow is missing' : `${path} is missing`;
  }
  return `${where}: ${issue.message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (Array.isArray(value) && typeof key === 'number') value = value[key];
    else if (isPlainObject(value)) value = value[String(key)];
    else return undefined;
  }
  return value;
}

/**
 * The native format as JSON Schema (draft 2020-12), generated from the zod schema so the two
 * cannot drift; native.schema.json is this, committed for readers and other tools. Unknown
 * properties are allowed (and ignored), as the importer does.
 */
export function nativeJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://workflow-health.dev/schemas/native-workflow-v1.json',
    title: 'Workflow Health native workflow, version 1',
    ...z.toJSONSchema(nativeWorkflowSchema, { io: 'input' }),
  };
}
