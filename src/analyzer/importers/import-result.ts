import type { ImportIssue, WorkflowFormat, WorkflowGraph } from '../model.js';

export const INVALID_WORKFLOW = 'structure/invalid-workflow';
export const INVALID_CONNECTION = 'structure/invalid-connection';

/**
 * What an importer returns: always a graph (possibly empty or partial), never an exception.
 * `invalid` is true when the input is not a workflow at all; the reasons are in
 * `graph.importIssues` under `structure/invalid-workflow`, and the engine then runs no rules.
 */
export interface ImportResult {
  format: WorkflowFormat;
  graph: WorkflowGraph;
  invalid: boolean;
}

/** Not more than this many invalid-workflow reasons: a broken 5,000-node file is one problem. */
export const MAX_INVALID_REASONS = 20;

export function emptyGraph(format: WorkflowFormat): WorkflowGraph {
  return { format, active: false, nodes: [], edges: [], settings: {}, importIssues: [] };
}

export function invalidResult(format: WorkflowFormat, reasons: string[], graph = emptyGraph(format)): ImportResult {
  const shown = reasons.slice(0, MAX_INVALID_REASONS);
  const issues: ImportIssue[] = shown.map((message) => ({ ruleId: INVALID_WORKFLOW, message }));
  if (reasons.length > shown.length) {
    issues.push({ ruleId: INVALID_WORKFLOW, message: `…and ${reasons.length - shown.length} more problems` });
  }
  graph.importIssues.push(...issues);
  return { format, graph, invalid: true };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Describes a JSON value's type for messages: "an array", "null", "a number"… */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'missing';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
