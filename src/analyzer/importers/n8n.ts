import type { ImportIssue, WorkflowEdge, WorkflowGraph, WorkflowNode } from '../model.js';
import { n8nNodeKind } from '../node-types.js';
import {
  INVALID_CONNECTION,
  describeJsonType,
  emptyGraph,
  invalidResult,
  isPlainObject,
  type ImportResult,
} from './import-result.js';

/**
 * n8n workflow export JSON -> WorkflowGraph.
 *
 * Nodes are validated strictly enough that rules can trust them (name and type are non-empty
 * strings, position is an [x, y] pair); a node that fails makes the whole file invalid, since
 * n8n itself would refuse to import it. Connections are kept raw — a connection to a node that
 * does not exist, or keyed by node id, is exactly what the structure rules report — and only
 * what the model cannot hold at all (a slot that is not an array, an entry without a target
 * name) becomes an import issue for `structure/invalid-connection`.
 */
export function importN8n(input: unknown): ImportResult {
  if (!isPlainObject(input)) {
    return invalidResult('N8N', [`the workflow is ${describeJsonType(input)}, not a JSON object`]);
  }
  if (!('nodes' in input)) return invalidResult('N8N', ['nodes is missing: not an n8n workflow']);
  if (!Array.isArray(input.nodes)) {
    return invalidResult('N8N', [`nodes is ${describeJsonType(input.nodes)}, not an array`]);
  }

  const graph = emptyGraph('N8N');
  if (typeof input.name === 'string') graph.name = input.name;
  graph.active = input.active === true;
  if (isPlainObject(input.settings)) graph.settings = input.settings;
  if (isPlainObject(input.pinData)) graph.pinData = input.pinData;

  const reasons: string[] = [];
  input.nodes.forEach((raw: unknown, i: number) => {
    const node = readNode(raw, `nodes[${i}]`, graph.nodes.length, reasons);
    if (node) graph.nodes.push(node);
  });
  if (reasons.length > 0) return invalidResult('N8N', reasons, graph);

  const nodeNames = new Set(graph.nodes.map((n) => n.name));
  readConnections(input.connections, nodeNames, graph);
  return { format: 'N8N', graph, invalid: false };
}

function readNode(raw: unknown, path: string, index: number, reasons: string[]): WorkflowNode | undefined {
  if (!isPlainObject(raw)) {
    reasons.push(`${path} is ${describeJsonType(raw)}, not a node object`);
    return undefined;
  }
  const before = reasons.length;
  requireNonEmptyString(raw, 'name', path, reasons);
  requireNonEmptyString(raw, 'type', path, reasons);
  if (raw.position !== undefined && !isPosition(raw.position)) {
    reasons.push(`${path}.position is not an [x, y] pair of numbers`);
  }
  if (raw.parameters !== undefined && !isPlainObject(raw.parameters)) {
    reasons.push(`${path}.parameters is ${describeJsonType(raw.parameters)}, not an object`);
  }
  if (reasons.length > before) return undefined;

  const type = raw.type as string;
  const parameters = (raw.parameters as Record<string, unknown> | undefined) ?? {};
  const node: WorkflowNode = {
    index,
    id: typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : '',
    name: raw.name as string,
    type,
    kind: n8nNodeKind(type, parameters),
    parameters,
    disabled: raw.disabled === true,
  };
  if (typeof raw.typeVersion === 'number') node.typeVersion = raw.typeVersion;
  if (isPlainObject(raw.credentials)) node.credentials = raw.credentials;
  if (typeof raw.onError === 'string') node.onError = raw.onError;
  if (typeof raw.continueOnFail === 'boolean') node.continueOnFail = raw.continueOnFail;
  if (typeof raw.retryOnFail === 'boolean') node.retryOnFail = raw.retryOnFail;
  if (typeof raw.maxTries === 'number') node.maxTries = raw.maxTries;
  if (typeof raw.waitBetweenTries === 'number') node.waitBetweenTries = raw.waitBetweenTries;
  if (typeof raw.executeOnce === 'boolean') node.executeOnce = raw.executeOnce;
  if (isPosition(raw.position)) node.position = [raw.position[0], raw.position[1]];
  if (typeof raw.notes === 'string') node.notes = raw.notes;
  return node;
}

function requireNonEmptyString(raw: Record<string, unknown>, key: string, path: string, reasons: string[]) {
  const value = raw[key];
  if (value === undefined || value === null) reasons.push(`${path}.${key} is missing`);
  else if (typeof value !== 'string') reasons.push(`${path}.${key} is ${describeJsonType(value)}, not a string`);
  else if (value.trim() === '') reasons.push(`${path}.${key} is empty`);
}

function isPosition(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}

/**
 * `connections[source][type][outputIndex]` is a slot: null (nothing connected, legal) or an
 * array of `{ node, type, index }`. Walks it once, in definition order, so edges are stable.
 */
function readConnections(connections: unknown, nodeNames: ReadonlySet<string>, graph: WorkflowGraph) {
  if (connections === undefined || connections === null) return;
  const issues = graph.importIssues;
  if (!isPlainObject(connections)) {
    issues.push(issue(`connections is ${describeJsonType(connections)}, not an object keyed by node name`));
    return;
  }
  for (const source of Object.keys(connections)) {
    const byType = connections[source];
    const nodeName = nodeNames.has(source) ? source : undefined;
    // Paths are built only for messages, and no closure per entry: this loop runs once per
    // connection of a 10,000-node file.
    if (!isPlainObject(byType)) {
      issues.push(issue(`${connectionPath(source)} is ${describeJsonType(byType)}, not an object keyed by connection type`, nodeName));
      continue;
    }
    for (const type of Object.keys(byType)) {
      const outputs = byType[type];
      if (!Array.isArray(outputs)) {
        issues.push(issue(`${connectionPath(source, type)} is ${describeJsonType(outputs)}, not an array of outputs`, nodeName));
        continue;
      }
      for (let outputIndex = 0; outputIndex < outputs.length; outputIndex++) {
        const slot: unknown = outputs[outputIndex];
        if (slot === null || slot === undefined) continue;
        if (!Array.isArray(slot)) {
          issues.push(issue(`${connectionPath(source, type, outputIndex)} is ${describeJsonType(slot)}, not an array or null`, nodeName));
          continue;
        }
        for (let j = 0; j < slot.length; j++) {
          const edge = readEdge(slot[j], source, type, outputIndex, j, nodeName, issues);
          if (edge) graph.edges.push(edge);
        }
      }
    }
  }
}

/** `connections["A"].main[0][1]`, as far as the parts given. */
function connectionPath(source: string, type?: string, outputIndex?: number, entry?: number): string {
  let path = `connections[${JSON.stringify(source)}]`;
  if (type !== undefined) path += `.${type}`;
  if (outputIndex !== undefined) path += `[${outputIndex}]`;
  if (entry !== undefined) path += `[${entry}]`;
  return path;
}

function readEdge(
  entry: unknown,
  source: string,
  type: string,
  outputIndex: number,
  position: number,
  nodeName: string | undefined,
  issues: ImportIssue[],
): WorkflowEdge | undefined {
  if (!isPlainObject(entry)) {
    issues.push(issue(`${connectionPath(source, type, outputIndex, position)} is ${describeJsonType(entry)}, not a {node, type, index} object`, nodeName));
    return undefined;
  }
  if (typeof entry.node !== 'string' || entry.node === '') {
    issues.push(issue(`${connectionPath(source, type, outputIndex, position)}.node is ${entry.node === '' ? 'empty' : describeJsonType(entry.node)}: the connection has no target`, nodeName));
    return undefined;
  }
  // Negative or fractional indexes are kept: the model holds them and the rule explains them.
  // A missing or non-numeric one is reported once and the edge is kept on input 0: the two
  // nodes are connected all the same, and dropping the edge would turn one bad entry into an
  // orphan or unreachable finding for every node behind it.
  let inputIndex = 0;
  if (typeof entry.index === 'number' && Number.isFinite(entry.index)) inputIndex = entry.index;
  else {
    const what = entry.index === undefined ? 'missing' : `${describeJsonType(entry.index)}, not a number`;
    issues.push(issue(`${connectionPath(source, type, outputIndex, position)}.index is ${what}: read as input 0`, nodeName));
  }
  // n8n writes the input type again on each entry; it always equals the output type. The
  // model has one type per edge, so a mismatch cannot be represented faithfully.
  if (entry.type !== undefined && entry.type !== type) {
    issues.push(issue(`${connectionPath(source, type, outputIndex, position)}.type is ${JSON.stringify(entry.type)} in a ${JSON.stringify(type)} connection`, nodeName));
    return undefined;
  }
  return { from: source, to: entry.node, type, outputIndex, inputIndex };
}

function issue(message: string, nodeName?: string): ImportIssue {
  return nodeName === undefined
    ? { ruleId: INVALID_CONNECTION, message }
    : { ruleId: INVALID_CONNECTION, message, nodeName };
}
