import { createHash } from 'node:crypto';

/**
 * Canonical sha256 of a workflow definition, so identical workflows are recognised and an
 * analysis is reused (memoized by contentHash + rulesetVersion).
 *
 * What is left out, and why:
 * - key order everywhere (JSON objects are unordered);
 * - node `position` and the order of the `nodes` array (moving a node on the canvas or
 *   reordering the export changes nothing the analyzer looks at);
 * - top-level bookkeeping that n8n rewrites on every save or that belongs to the instance, not
 *   the definition: the workflow `id`, `versionId`, `meta`, `createdAt`, `updatedAt`, `tags`,
 *   `staticData` (runtime polling state), `triggerCount`, `shared`, `homeProject`, `parentFolder`,
 *   `isArchived`, `usedCredentials`, `scopes`.
 * What is kept: everything a report can depend on — names, parameters, settings, `active`,
 * `pinData` (a rule reports it), node `id`s (findings quote them) and `webhookId` (it is part of
 * the production webhook URL, so two workflows differing in it are different deployments).
 */
const VOLATILE_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'id',
  'versionId',
  'meta',
  'createdAt',
  'updatedAt',
  'tags',
  'staticData',
  'triggerCount',
  'shared',
  'homeProject',
  'parentFolder',
  'isArchived',
  'usedCredentials',
  'scopes',
]);

/** Hex sha256. A string is parsed as JSON first; text that is not JSON is hashed as is. */
export function contentHash(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

export function canonicalJson(input: unknown): string {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return JSON.stringify(input);
    }
  }
  return stringifySorted(canonicalWorkflow(value));
}

function canonicalWorkflow(value: unknown): unknown {
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (VOLATILE_TOP_LEVEL_KEYS.has(key)) continue;
    out[key] = key === 'nodes' && Array.isArray(v) ? canonicalNodes(v) : v;
  }
  return out;
}

function canonicalNodes(nodes: unknown[]): unknown[] {
  const withKeys = nodes.map((node) => {
    const stripped = isObject(node) ? withoutKey(node, 'position') : node;
    const name = isObject(node) && typeof node.name === 'string' ? node.name : '';
    // Duplicate names (a finding in itself) are ordered by content so the hash stays stable.
    return { name, json: stringifySorted(stripped), stripped };
  });
  withKeys.sort((a, b) => compare(a.name, b.name) || compare(a.json, b.json));
  return withKeys.map((entry) => entry.stripped);
}

/** JSON.stringify with object keys sorted recursively; `undefined` members dropped as JSON does. */
function stringifySorted(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stringifySorted(v))).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort(compare);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stringifySorted(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function withoutKey(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = obj;
  return rest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Code-unit order, not locale order: the hash must not depend on the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
