import { createHash } from 'node:crypto';
import { findTooDeep } from './json-depth.js';

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
  try {
    return stringifySorted(canonicalWorkflow(value));
  } catch (error) {
    // The sorted serialization recurses: a document nested thousands of levels deep (never a
    // real workflow, and reported as invalid by the importer) is identified by where it goes
    // too deep instead. Caught rather than checked first, so normal documents pay nothing.
    if (error instanceof RangeError) return JSON.stringify(['nested too deep', findTooDeep(value)]);
    throw error;
  }
}

function canonicalWorkflow(value: unknown): unknown {
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (VOLATILE_TOP_LEVEL_KEYS.has(key)) continue;
    setOwn(out, key, key === 'nodes' && Array.isArray(v) ? canonicalNodes(v) : v);
  }
  return out;
}

function canonicalNodes(nodes: unknown[]): unknown[] {
  const entries = nodes.map((node) => ({
    name: isObject(node) && typeof node.name === 'string' ? node.name : '',
    // One copy per node, sorted and without its position, so the serializer need not copy it again.
    stripped: isObject(node) ? sortedCopy(node, 'position') : node,
    json: undefined as string | undefined,
  }));
  // Names are unique in a valid workflow; duplicates (a finding in themselves) are ordered by
  // content so the hash stays stable. The content key is computed only for those.
  const contentKey = (entry: (typeof entries)[number]) => (entry.json ??= stringifySorted(entry.stripped));
  entries.sort((a, b) => compare(a.name, b.name) || compare(contentKey(a), contentKey(b)));
  return entries.map((entry) => entry.stripped);
}

/**
 * JSON with object keys sorted recursively. Native JSON.stringify with a replacer that hands it
 * key-sorted copies: several times faster than a hand-written serializer on 10,000-node files.
 */
function stringifySorted(value: unknown): string {
  return JSON.stringify(value, sortKeys) ?? 'null';
}

function sortKeys(_key: string, value: unknown): unknown {
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  let alreadySorted = true;
  for (let i = 1; i < keys.length && alreadySorted; i++) alreadySorted = keys[i - 1]! < keys[i]!;
  if (alreadySorted) return value; // no copy: most small parameter objects
  return sortedCopy(value);
}

/** A copy with its keys in code-unit order, leaving out `skip`. */
function sortedCopy(value: Record<string, unknown>, skip?: string): Record<string, unknown> {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compare)) if (key !== skip) setOwn(sorted, key, value[key]);
  return sorted;
}

/**
 * `copy['__proto__'] = x` on a plain object sets its prototype instead of a key: that subtree
 * would vanish from the hash, two different definitions would share it, and the memo would
 * serve one's analysis for the other. That key is defined as an own property instead. (Not a
 * null-prototype copy: V8 serializes those on its slow path, a third slower on 10,000 nodes.)
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Code-unit order, not locale order: the hash must not depend on the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
