import { hash as digest } from 'node:crypto';
import { getOperationAST, Kind, type ExecutionResult } from 'graphql';
import { useResponseCache, type Cache, type CacheEntityRecord } from '@envelop/response-cache';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Viewer } from '../auth/viewer.js';
import type { Logger } from '../logger.js';
import type { CacheMetrics } from '../metrics/later-features.js';
import { createRequestMemo } from '../request-memo.js';
import type { CacheSettings } from './settings.js';
import { createFailoverStore, type TaggedStore } from './store.js';
import { createCacheStats, type CacheStats } from './stats.js';
import { createSessionBroadcast, sessionChannel, type SessionBroadcast } from './sessions.js';
import { createNearCache, type NearEntry } from './near.js';
import { pathOf } from '../plugins/request-path.js';

/**
 * The response cache (DESIGN §7), one per app instance, on @envelop/response-cache:
 * - the session of an entry is the caller's organization, role and visible locations (never a
 *   global cache for tenant data; the platform administrator is never cached);
 * - entries are filed under their entities (`Workflow:<id>`…) and, for lists, under the
 *   locations they were read from (`loc:<id>`) and the organization (`org:<id>`): a create adds
 *   nothing the cached list holds, so it evicts by location (see `invalidateWorkflow`);
 * - the store is shared through Redis (memory when there is none, or while it is down);
 * - on a miss, the hit path in front of Yoga (hit-path.ts) gets an entry written beside the
 *   Envelop one, under the same tags, holding the final HTTP answer: one invalidation evicts both.
 */

/** Root fields whose answers are lists (or aggregates) a create or an analysis can change. */
const LIST_FIELDS = new Set(['Query.workflows', 'Query.analyses', 'Query.locations', 'Query.locationHealth']);
/** Root fields never cached: who is calling, keys, administration. */
const NEVER_CACHED = new Set(['Query.viewer', 'Query.apiKeys', 'Query.users', 'Query.user', 'Query.analysisBatch']);

/** What the cache learnt about one request (kept on its server context). */
export interface CacheExchange {
  rootFields: string[];
  mutation: boolean;
  /** When the request began reading (epoch ms): see TaggedStore.set. */
  readAt: number;
  scopeTags: string[];
  hit: boolean;
  /** Its cache look-up has happened (a miss stays waiting for `set`). */
  lookedUp?: boolean;
  /** Set once the answer is in the cache (written now, or read from it). */
  stored?: { tags: string[]; expiresAt: number };
}

/**
 * What the hit path stores: the final HTTP answer of a cached read, as one JSON line of this
 * metadata and then the body as it is (a hit parses only the line).
 */
interface HitMeta {
  /** Content-Type */
  t: string;
  /** ETag (REST) */
  e?: string;
  /** Kind (root fields) for the statistics */
  k: string;
  /** Expires at (epoch ms) */
  x: number;
  /** Tags it is filed under (the near cache evicts by them) */
  g: string[];
}

export type HitEntry = NearEntry;

interface EnvelopEntry {
  r: ExecutionResult;
  t: string[];
  x: number;
  k: string;
}

export interface ResponseCacheOptions {
  settings: CacheSettings;
  redis: Redis | null;
  log: Logger;
  metrics?: CacheMetrics | null;
  /** The instance's session and invalidation broadcast; default: one of its own, closed with the app. */
  broadcast?: SessionBroadcast;
}

/** The caller's cache scope: organization, role, and the locations it sees (`*` for all). */
export function sessionScope(viewer: Viewer): string {
  let scope = scopes.get(viewer);
  if (scope === undefined) {
    const locations = viewer.allLocations ? '*' : hash([...viewer.locationIds].sort().join(',')).slice(0, 22);
    scopes.set(viewer, (scope = `${viewer.organizationId}:${viewer.role}:${locations}`));
  }
  return scope;
}
/** Resolved viewers are shared by every request of their key (sessions.ts): computed once each. */
const scopes = new WeakMap<Viewer, string>();

/** Tags of a list read by `viewer`: every location it sees, and its organization. */
export function listTags(viewer: Viewer): string[] {
  return [`org:${viewer.organizationId}`, ...viewer.locationIds.map((id) => `loc:${id}`)];
}

const hash = (text: string) => digest('sha256', text, 'base64url');

/**
 * What identifies a hit-path entry: the caller's scope and the request as received. The near
 * cache is keyed on it as it is (no hash on a near hit); the shared store on its hash.
 */
export function hitKey(scope: string, method: string, url: string, accept: string, body: string): string {
  return `${scope}\n${method}\n${url}\n${accept}\n${body}`;
}
const storeKeyOf = (hitKey: string) => `h:${hash(hitKey)}`;

export function createResponseCache(options: ResponseCacheOptions) {
  const { settings, log } = options;
  const metrics = options.metrics ?? null;
  const store: TaggedStore = createFailoverStore({
    redis: options.redis,
    prefix: settings.keyPrefix,
    memory: settings.memory,
    fallbackMaxTtlMs: settings.fallbackMaxTtlMs,
    metrics,
    log,
  });
  const stats: CacheStats = createCacheStats();
  const ownBroadcast = options.broadcast ? null : createSessionBroadcast({ redis: options.redis, channel: sessionChannel(settings.keyPrefix), log });
  const sessions: SessionBroadcast = options.broadcast ?? ownBroadcast!;
  const near = createNearCache({ ...settings.memory, broadcast: sessions });
  const exchanges = createRequestMemo<CacheExchange>();
  /**
   * Requests between their key and their `set` (Envelop's Cache.set has no context), per key.
   * Several requests may share a key (the same query in the same scope, in flight together): the
   * first `set` files the entry under the tags they all share and marks them all stored. It used
   * to keep one request per key, so that the second `set` of a pair found none and stored the
   * entry without its list tags: a create then no longer evicted that list.
   */
  const pendingByKey = new Map<string, Set<CacheExchange>>();
  const pendingInvalidations = new Set<Promise<unknown>>();

  const track = <T>(promise: Promise<T>): Promise<T> => {
    pendingInvalidations.add(promise);
    void promise.finally(() => pendingInvalidations.delete(promise)).catch(() => undefined);
    return promise;
  };

  const kindOf = (exchange: CacheExchange | undefined) => exchange?.rootFields.join('+') || 'unknown';

  /** Tags of entities Envelop collected: only those with an id (type-only tags would span tenants). */
  const entityTags = (entities: Iterable<CacheEntityRecord>) => {
    const tags: string[] = [];
    for (const entity of entities) if (entity.id !== undefined && entity.id !== null) tags.push(`${entity.typename}:${entity.id}`);
    return tags;
  };

  async function invalidate(tags: string[]): Promise<void> {
    if (tags.length === 0) return;
    stats.invalidated(tags);
    near.evict(tags);
    try {
      stats.evicted(await store.invalidate(tags));
    } catch (error) {
      log.warn({ err: { name: (error as Error).name } }, 'response cache: invalidation failed');
    }
    // Once the shared store has dropped them: here again (a read that raced the removal may have
    // kept an entry) and on every other instance.
    await sessions.publish({ tags });
  }

  const envelopCache: Cache = {
    async get(key) {
      const waiting = pendingByKey.get(key);
      const raw = await store.get(key).catch(() => null);
      const entry = raw ? (JSON.parse(raw) as EnvelopEntry) : null;
      const live = entry && entry.x > Date.now() ? entry : null;
      metrics?.request({ result: live ? 'hit' : 'miss', backend: store.backend() });
      // The requests this look-up is for: those of the key not looked up yet (normally one).
      const asking = waiting ? [...waiting].filter((exchange) => !exchange.lookedUp) : [];
      for (const exchange of asking) exchange.lookedUp = true;
      stats.lookup(live ? live.k : kindOf(asking[0]), !!live);
      if (live) {
        for (const exchange of asking) {
          exchange.hit = true;
          exchange.stored = { tags: live.t, expiresAt: live.x };
          waiting!.delete(exchange);
        }
        if (waiting?.size === 0) pendingByKey.delete(key);
      }
      return live ? live.r : null;
    },
    set(key, result, entities, ttl) {
      const waiting = pendingByKey.get(key);
      pendingByKey.delete(key);
      // Its requests were answered from another's entry meanwhile (or the map dropped them):
      // their list tags are unknown here, so nothing is stored rather than an entry no create evicts.
      if (!waiting) return;
      const exchanges = [...waiting];
      const tags = [...new Set([...entityTags(entities), ...exchanges.flatMap((exchange) => exchange.scopeTags)])];
      const expiresAt = Date.now() + ttl;
      for (const exchange of exchanges) exchange.stored = { tags, expiresAt };
      // The earliest read among them: a write evicted after it refuses this entry.
      const readAt = Math.min(...exchanges.map((exchange) => exchange.readAt));
      const entry: EnvelopEntry = { r: { data: result.data }, t: tags, x: expiresAt, k: kindOf(exchanges[0]) };
      return store.set(key, JSON.stringify(entry), tags, ttl, readAt).catch((error) => log.warn({ err: { name: (error as Error).name } }, 'response cache: write failed'));
    },
    invalidate(entities) {
      // Not awaited by Envelop: tracked so the mutation's answer waits for it (see onResponse).
      return track(invalidate(entityTags(entities)));
    },
  };

  /** Records the root fields of the operation before the response cache plugin looks at it. */
  const operationRecorder: Plugin = {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const rootType = operation.operation === 'query' ? 'Query' : operation.operation === 'mutation' ? 'Mutation' : 'Subscription';
      const rootFields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD && !s.name.value.startsWith('__') ? [`${rootType}.${s.name.value}`] : []));
      const viewer = (args.contextValue as { viewer?: Viewer | null }).viewer;
      const scopeTags = viewer && rootFields.some((f) => LIST_FIELDS.has(f)) ? listTags(viewer) : [];
      exchanges.set(rootOf(args.contextValue as object), { rootFields, mutation: operation.operation === 'mutation', scopeTags, hit: false, readAt: Date.now() });
    },
  };

  const responseCachePlugin = useResponseCache<Record<string, any>>({
    cache: envelopCache,
    session: (context) => (context.viewer ? sessionScope(context.viewer as Viewer) : null),
    enabled: (context) => {
      if (context.platformAdmin) return false;
      const exchange = exchanges.get(context);
      return !exchange || exchange.mutation || !exchange.rootFields.some((f) => NEVER_CACHED.has(f));
    },
    ttl: settings.defaultTtlMs,
    ttlPerSchemaCoordinate: settings.ttlPerSchemaCoordinate,
    includeExtensionMetadata: true,
    // Results with errors are not cached (Envelop's default, without its console.warn).
    shouldCacheResult: ({ result }) => !result.errors?.length,
    buildResponseCacheKey: ({ documentString, variableValues, operationName, sessionId, context }) => {
      const key = `g:${hash([documentString, operationName ?? '', stableStringify(variableValues ?? {}), sessionId ?? ''].join('|'))}`;
      const exchange = exchanges.get(context as object);
      if (exchange) {
        let waiting = pendingByKey.get(key);
        if (!waiting) pendingByKey.set(key, (waiting = new Set()));
        waiting.add(exchange);
        // Executions that fail never reach set(): keep the map bounded.
        if (pendingByKey.size > 10_000) pendingByKey.delete(pendingByKey.keys().next().value!);
      }
      return key;
    },
  });

  /**
   * HTTP side: `X-Cache` on every API answer, the mutation's answer waits for its invalidations,
   * and a cached read's final answer is written for the hit path. Placed after the REST plugins
   * (their ETag is in the answer) and before compression (the stored body is plain).
   */
  const httpPlugin: Plugin = {
    async onResponse({ request, response, serverContext, setResponse, fetchAPI }) {
      const path = pathOf(request);
      if (!(path === '/graphql' || path.startsWith('/v1/'))) return;
      const exchange = exchanges.get(serverContext);
      if (pendingInvalidations.size) await Promise.allSettled([...pendingInvalidations]);
      response.headers.set('x-cache', exchange?.hit ? 'HIT' : 'MISS');
      // The request log's plugin runs before this one: its id is on the answer already.
      if (exchange && !exchange.mutation && log.isLevelEnabled('debug')) {
        log.debug({ reqId: response.headers.get('x-request-id'), cache: exchange.hit ? 'HIT' : 'MISS', kind: kindOf(exchange), stored: !!exchange.stored }, 'response cache');
      }
      const key = hitKeyOf(serverContext);
      const stored = exchange?.stored;
      if (!key || !stored || response.status !== 200 || exchange.mutation) return;
      const ttl = stored.expiresAt - Date.now();
      if (ttl <= 0) return;
      const text = await response.text();
      const type = response.headers.get('content-type') ?? 'application/json; charset=utf-8';
      let body = text;
      if (path === '/graphql') {
        const parsed = JSON.parse(text) as ExecutionResult;
        body = JSON.stringify({ data: parsed.data, extensions: { responseCache: { hit: true } } });
      }
      const etag = response.headers.get('etag');
      const meta: HitMeta = { t: type, k: kindOf(exchange), x: stored.expiresAt, g: stored.tags, ...(etag ? { e: etag } : {}) };
      store.set(storeKeyOf(key), `${JSON.stringify(meta)}\n${body}`, stored.tags, ttl, exchange.readAt).catch(() => undefined);
      setResponse(new fetchAPI.Response(text, { status: response.status, headers: response.headers }));
    },
    onDispose() {
      return ownBroadcast?.close();
    },
  };

  return {
    settings,
    store,
    stats,
    sessions,
    /** Envelop plugins, in order: the operation recorder, then @envelop/response-cache. */
    envelopPlugins: [operationRecorder, responseCachePlugin as unknown as Plugin],
    httpPlugin,

    /** A workflow was created, imported, changed or deleted: its entries and its location's lists. */
    invalidateWorkflow({ workflowId, locationId }: { workflowId: string; locationId: string }): Promise<void> {
      return track(invalidate([`Workflow:${workflowId}`, `loc:${locationId}`]));
    },
    /**
     * An analysis completed (in a request or in a background job): the workflow (its latest
     * score) and its location's lists and health. The one function background jobs call.
     */
    invalidateAnalysis({ analysisId, workflowId, locationId }: { analysisId?: string; workflowId: string; locationId: string }): Promise<void> {
      // The analysis itself too: a QUEUED or RUNNING one may be cached (its TTL is the type's).
      return track(invalidate([`Workflow:${workflowId}`, `loc:${locationId}`, ...(analysisId ? [`Analysis:${analysisId}`] : [])]));
    },
    /** A location was created: the organization's location lists. */
    invalidateOrganization(organizationId: string): Promise<void> {
      return track(invalidate([`org:${organizationId}`]));
    },

    /** This instance's copy of a hit-path entry, if it holds one (nothing is awaited). */
    peekHit(key: string): HitEntry | undefined {
      return near.get(key);
    },
    /** Reads a hit-path entry (null when absent, expired or unreadable): this instance's copy first. */
    async readHit(key: string): Promise<HitEntry | null> {
      const kept = near.get(key);
      if (kept) return kept;
      const since = near.epoch();
      const raw = await store.get(storeKeyOf(key)).catch(() => null);
      const newline = raw ? raw.indexOf('\n') : -1;
      if (newline < 0) return null;
      const { g, ...meta } = JSON.parse(raw!.slice(0, newline)) as HitMeta;
      if (meta.x <= Date.now()) return null;
      const entry: HitEntry = { ...meta, body: Buffer.from(raw!.slice(newline + 1)), tags: g ?? [] };
      if (g) near.keep(key, entry, since);
      return entry;
    },
    /** Counts a hit served by the hit path. */
    countHit(entry: HitEntry) {
      metrics?.request({ result: 'hit', backend: store.backend() });
      stats.lookup(entry.k, true, true);
    },

    /** The /internal/cache-stats document. */
    async report() {
      const size = await store.size();
      return { backend: store.backend(), ...stats.snapshot(), entries: size.entries, bytes: size.bytes, near: near.size() };
    },

    close: () => ownBroadcast?.close(),
  };
}

/** The hit-path key a request was looked up under (set by the hit path on a miss). */
const HIT_KEY = Symbol('wh.hitKey');
export function rememberHitKey(req: object, key: string): void {
  (req as Record<symbol, string>)[HIT_KEY] = key;
}
function hitKeyOf(serverContext: object): string | undefined {
  const req = (serverContext as { req?: Record<symbol, string> }).req;
  return req?.[HIT_KEY];
}

export type ResponseCache = ReturnType<typeof createResponseCache>;

/** The server context a GraphQL or REST (Sofa: `Object.create(serverContext)`) context derives from. */
function rootOf(context: object): object {
  let root = context;
  for (let up = Object.getPrototypeOf(root) as object | null; up && up !== Object.prototype; up = Object.getPrototypeOf(up) as object | null) root = up;
  return root;
}

/** JSON with sorted object keys: the same variables give the same key whatever their order. */
function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.keys(value as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}
