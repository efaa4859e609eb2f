import type { WorkflowFormat } from '../model.js';
import { invalidResult, isPlainObject, type ImportResult } from './import-result.js';
import { importN8n } from './n8n.js';
import { importNative } from './native.js';
import { findTooDeep, MAX_JSON_DEPTH } from '../json-depth.js';

export type { ImportResult } from './import-result.js';
export { INVALID_CONNECTION, INVALID_WORKFLOW } from './import-result.js';
export { importN8n } from './n8n.js';
export { importNative, nativeJsonSchema, nativeWorkflowSchema, type NativeWorkflow } from './native.js';

/**
 * NATIVE files say so (`"format": "native"`); everything else is treated as n8n, the format
 * nearly every upload is in, so a broken n8n file gets n8n's precise messages.
 */
export function detectFormat(input: unknown): WorkflowFormat {
  const parsed = typeof input === 'string' ? tryParseJson(input) : { ok: true as const, value: input };
  if (parsed.ok && isPlainObject(parsed.value) && parsed.value.format === 'native') return 'NATIVE';
  return 'N8N';
}

/** A parsed object or a JSON string -> graph. Never throws: bad input is an invalid workflow. */
export function importWorkflow(input: unknown, format?: WorkflowFormat): ImportResult {
  let value = input;
  if (typeof input === 'string') {
    const parsed = tryParseJson(input);
    if (!parsed.ok) return invalidResult(format ?? 'N8N', [`the file is not valid JSON: ${parsed.error}`]);
    value = parsed.value;
  }
  const chosen = format ?? detectFormat(value);
  const tooDeep = findTooDeep(value);
  if (tooDeep !== null) return invalidResult(chosen, [`${tooDeep} is nested deeper than ${MAX_JSON_DEPTH} levels`]);
  return chosen === 'NATIVE' ? importNative(value) : importN8n(value);
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    // A UTF-8 byte-order mark is common in files saved by Windows editors; JSON.parse rejects it.
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
