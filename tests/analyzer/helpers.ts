/**
 * Shared fixtures for analyzer tests. Small on purpose; rule tests across the team rely on it.
 *
 *   const wf = n8nWorkflow({
 *     nodes: [node('Webhook', 'webhook'), node('Check', 'if'), node('Call API', 'httpRequest')],
 *     connections: connections(['Webhook', 'Check'], ['Check', 'Call API', 0]),
 *   });
 *   const report = analyze(wf, { rules: ['structure/unconnected-branch'] });
 *   expect(findingsOf(report, 'structure/unconnected-branch')).toHaveLength(1);
 */
import type { AnalysisReport } from '../../src/analyzer/index.js';
import type { Finding } from '../../src/analyzer/model.js';

export interface N8nNodeJson {
  id?: string;
  name: string;
  type: string;
  typeVersion?: number;
  position?: [number, number];
  parameters?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface N8nWorkflowJson {
  name: string;
  nodes: N8nNodeJson[];
  connections: Record<string, unknown>;
  settings: Record<string, unknown>;
  active: boolean;
  pinData?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * An n8n node. `type` without a dot is short for an `n8n-nodes-base` node ('if' ->
 * 'n8n-nodes-base.if'); give the full type for others ('@n8n/n8n-nodes-langchain.agent').
 * `extra` is merged last: parameters, onError, disabled, retryOnFail, credentials, id…
 */
export function node(name: string, type: string, extra: Partial<N8nNodeJson> = {}): N8nNodeJson {
  return {
    name,
    type: type.includes('.') ? type : `n8n-nodes-base.${type}`,
    typeVersion: 1,
    parameters: {},
    ...extra,
  };
}

/**
 * A complete n8n export: ids (`node-1`, `node-2`… unless given), positions on a row, typeVersion,
 * an empty settings object, inactive, name "Test workflow" — each overridable.
 */
export function n8nWorkflow(parts: {
  name?: string;
  nodes: N8nNodeJson[];
  connections?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  active?: boolean;
  pinData?: Record<string, unknown>;
}): N8nWorkflowJson {
  const workflow: N8nWorkflowJson = {
    name: parts.name ?? 'Test workflow',
    nodes: parts.nodes.map((n, i) => ({
      id: `node-${i + 1}`,
      position: [i * 220, 300] as [number, number],
      typeVersion: 1,
      parameters: {},
      ...n,
    })),
    connections: parts.connections ?? {},
    settings: parts.settings ?? {},
    active: parts.active ?? false,
  };
  if (parts.pinData !== undefined) workflow.pinData = parts.pinData;
  return workflow;
}

/** One edge: [from, to], [from, to, outputIndex], [from, to, outputIndex, type, inputIndex]. */
export type EdgeSpec = [from: string, to: string, output?: number, type?: string, input?: number];

/**
 * n8n `connections` from edge specs, null-filling skipped output slots as n8n does
 * (['IF', 'B', 1] gives `{ IF: { main: [null, [{ node: 'B', type: 'main', index: 0 }]] } }`).
 */
export function connections(...edges: EdgeSpec[]): Record<string, Record<string, (unknown[] | null)[]>> {
  const out: Record<string, Record<string, (unknown[] | null)[]>> = {};
  for (const [from, to, output = 0, type = 'main', input = 0] of edges) {
    const byType = (out[from] ??= {});
    const slots = (byType[type] ??= []);
    while (slots.length <= output) slots.push(null);
    (slots[output] ??= []).push({ node: to, type, index: input });
  }
  return out;
}

/** The findings of one rule, in report order. */
export function findingsOf(report: AnalysisReport, ruleId: string): Finding[] {
  return report.findings.filter((f) => f.ruleId === ruleId);
}
