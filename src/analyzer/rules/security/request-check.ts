import type { AnalysisContext } from '../../context.js';
import { forEachString } from '../../graph.js';
import type { WorkflowNode } from '../../model.js';
import { codeOf } from '../params.js';

/**
 * Whether a node directly after a webhook authenticates the request: it compares a header, a
 * query-string secret or a signature, and the run stops on a mismatch. Anything less — an If on
 * the body's fields, a Code node that reshapes data — processes whatever a caller sends.
 */
export function checksRequestSecret(ctx: AnalysisContext, node: WorkflowNode): boolean {
  if (node.disabled) return false;
  if (node.kind === 'CODE') return codeChecksRequest(codeOf(node.parameters));
  if (node.kind !== 'CONDITION' && node.kind !== 'SWITCH') return false;
  if (!comparesRequestSecret(textOf(node.parameters))) return false;
  return stopsOnMismatch(ctx, node);
}

/** Where the request's credentials are: headers, the query string, a signature. */
const READS_REQUEST = /\bheaders?\b|\bquery\b|signature|\bhmac\b/i;
/** What a credential is called (header names like x-api-key, authorization, x-hub-signature-256). */
const SECRET_WORDS = /auth|token|secret|signature|api[-_ ]?key|\bhmac\b|password|bearer|\bkey\b/i;

function comparesRequestSecret(text: string): boolean {
  return READS_REQUEST.test(text) && SECRET_WORDS.test(text);
}

/** Code that reads a request secret, compares it, and throws or returns nothing on a mismatch. */
function codeChecksRequest(code: string): boolean {
  if (!comparesRequestSecret(code)) return false;
  const compares = /[!=]==?|timingSafeEqual|\.equals\(/.test(code);
  const stops = /\bthrow\b|return\s*\[\s*\]|return\s+null\b|return\s*;/.test(code);
  return compares && stops;
}

/** Node types that end the run (or answer the caller) on the branch they sit on. */
const STOPPING_TYPES: ReadonlySet<string> = new Set([
  'n8n-nodes-base.stopAndError',
  'n8n-nodes-base.respondToWebhook',
  'n8n-nodes-base.noOp',
]);

/**
 * A Filter drops what fails its conditions, and a Switch drops what matches no rule unless a
 * fallback output carries it on. An If stops a branch when one of its two outputs is unwired or
 * goes straight to Stop and Error, a Respond to Webhook (a 401) or a No Operation.
 */
function stopsOnMismatch(ctx: AnalysisContext, node: WorkflowNode): boolean {
  if (node.type === 'n8n-nodes-base.filter') return true;
  const out = ctx.out(node.name, 'main');
  if (node.kind === 'SWITCH') {
    const options = node.parameters.options;
    const fallback = typeof options === 'object' && options !== null ? (options as { fallbackOutput?: unknown }).fallbackOutput : undefined;
    return fallback === undefined || fallback === 'none';
  }
  for (const output of [0, 1]) {
    const edges = out.filter((edge) => edge.outputIndex === output);
    if (edges.length === 0) return true;
    if (edges.every((edge) => STOPPING_TYPES.has(ctx.nodeByName.get(edge.to)?.type ?? ''))) return true;
  }
  return false;
}

function textOf(parameters: Record<string, unknown>): string {
  const parts: string[] = [];
  forEachString(parameters, (text) => parts.push(text));
  return parts.join('\n');
}
