import { LRUCache } from 'lru-cache';
import type { Redis } from 'ioredis';
import type { CacheBackend, CacheMetrics } from '../metrics/later-features.js';
import type { Logger } from '../logger.js';

/**
 * Where cached responses live: string values under keys, each key filed under tags (entity ids
 * such as `Workflow:<id>`, and scope tags such as `loc:<id>`), so that one invalidation of a tag
 * removes every value filed under it, whoever wrote it (the Envelop cache or the hit path).
 */
export interface TaggedStore {
  /** The backend the next operation will use. */
  backend(): CacheBackend;
  get(key: string): Promise<string | null>;
  /**
   * Stores `value` unless one of its tags was invalidated at or after `readAt` (epoch ms, when
   * the request began reading): an answer computed from data read before a write must not be
   * stored after that write's invalidation, or it would stay stale for its whole TTL.
   */
  set(key: string, value: string, tags: readonly string[], ttlMs: number, readAt: number): Promise<void>;
  /** Removes every value filed under any of `tags`; resolves to how many were removed. */
  invalidate(tags: readonly string[]): Promise<number>;
  /** Entries and bytes held now (the Redis figures are counted with SCAN: an admin read). */
  size(): Promise<{ entries: number; bytes: number }>;
}

/** How long an invalidation refuses writes of answers read before it (longer than any request). */
const TOMBSTONE_MS = 30_000;

/**
 * KEYS: entry, then n tag sets, then n tombstones; ARGV: value, ttl ms, readAt ms, n.
 * Refuses (0) when a tombstone is at or after readAt; otherwise writes the entry and files it.
 */
const SET_SCRIPT = `
local n = tonumber(ARGV[4])
local readAt = tonumber(ARGV[3])
for i = 1, n do
  local at = redis.call('GET', KEYS[1 + n + i])
  if at and tonumber(at) >= readAt then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
for i = 1, n do
  redis.call('SADD', KEYS[1 + i], KEYS[1])
  redis.call('PEXPIRE', KEYS[1 + i], ARGV[2], 'NX')
  redis.call('PEXPIRE', KEYS[1 + i], ARGV[2], 'GT')
end
return 1
`;

export interface MemoryStoreOptions {
  maxEntries: number;
  maxBytes: number;
  metrics?: CacheMetrics | null;
}

/** A bounded LRU (entries and bytes) with a tag index; expired entries are dropped when read. */
export function createMemoryStore(options: MemoryStoreOptions): TaggedStore & { clear(): void } {
  const tagIndex = new Map<string, Set<string>>();
  /** When each tag was last invalidated (kept TOMBSTONE_MS). */
  const tombstones = new Map<string, number>();
  const tagsOf = new Map<string, readonly string[]>();
  let bytes = 0;
  const lru = new LRUCache<string, string>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: (value) => Math.max(1, value.length),
    ttlAutopurge: false,
    dispose: (value, key, reason) => {
      bytes -= value.length;
      for (const tag of tagsOf.get(key) ?? []) {
        const keys = tagIndex.get(tag);
        keys?.delete(key);
        if (keys?.size === 0) tagIndex.delete(tag);
      }
      tagsOf.delete(key);
      if (reason === 'evict') options.metrics?.evicted({ backend: 'memory', reason: 'capacity' });
      if (reason === 'expire') options.metrics?.evicted({ backend: 'memory', reason: 'expired' });
    },
  });
  return {
    backend: () => 'memory',
    async get(key) {
      return lru.get(key) ?? null;
    },
    async set(key, value, tags, ttlMs, readAt) {
      if (value.length > options.maxBytes) return;
      if (tags.some((tag) => (tombstones.get(tag) ?? -Infinity) >= readAt)) return;
      lru.set(key, value, { ttl: ttlMs });
      bytes += value.length;
      tagsOf.set(key, tags);
      for (const tag of tags) {
        let keys = tagIndex.get(tag);
        if (!keys) tagIndex.set(tag, (keys = new Set()));
        keys.add(key);
      }
    },
    async invalidate(tags) {
      let removed = 0;
      const now = Date.now();
      for (const [tag, at] of tombstones) if (at < now - TOMBSTONE_MS) tombstones.delete(tag);
      for (const tag of tags) {
        tombstones.set(tag, now);
        for (const key of [...(tagIndex.get(tag) ?? [])]) if (lru.delete(key)) removed++;
      }
      return removed;
    },
    async size() {
      lru.purgeStale();
      return { entries: lru.size, bytes };
    },
    clear: () => lru.clear(),
  };
}

/**
 * The shared store: `<prefix>:e:<key>` holds a value (PX ttl); `<prefix>:t:<tag>` is the set of
 * entry keys filed under a tag, expiring no earlier than its longest entry. Writes go out in one
 * pipeline; invalidation reads the tag sets and deletes members and sets (no KEYS, no SCAN).
 * Written here rather than using @envelop/response-cache-redis, which runs KEYS (blocks Redis),
 * keeps tag sets without a TTL and has no key prefix.
 */
export function createRedisStore(redis: Redis, prefix: string): TaggedStore {
  const entryKey = (key: string) => `${prefix}:e:${key}`;
  const tagKey = (tag: string) => `${prefix}:t:${tag}`;
  const tombstoneKey = (tag: string) => `${prefix}:v:${tag}`;
  return {
    backend: () => 'redis',
    get: (key) => redis.get(entryKey(key)),
    async set(key, value, tags, ttlMs, readAt) {
      // One script, so the tombstone check and the writes are atomic against an invalidation.
      await redis.eval(SET_SCRIPT, 1 + tags.length * 2, entryKey(key), ...tags.map(tagKey), ...tags.map(tombstoneKey), value, ttlMs, readAt, tags.length);
    },
    async invalidate(tags) {
      if (tags.length === 0) return 0;
      // Tombstones first: a write still in flight from an earlier read is refused from now on.
      const read = redis.pipeline();
      const now = Date.now();
      for (const tag of tags) read.set(tombstoneKey(tag), now, 'PX', TOMBSTONE_MS);
      for (const tag of tags) read.smembers(tagKey(tag));
      const members = new Set<string>();
      for (const [i, [error, keys]] of ((await read.exec()) ?? []).entries()) {
        if (error) throw error;
        if (i >= tags.length) for (const key of keys as string[]) members.add(key);
      }
      const remove = redis.pipeline();
      const keys = [...members];
      for (let i = 0; i < keys.length; i += 500) remove.unlink(...keys.slice(i, i + 500));
      remove.unlink(...tags.map(tagKey));
      const results = (await remove.exec()) ?? [];
      let removed = 0;
      for (let i = 0; i < results.length - 1; i++) {
        const [error, count] = results[i]!;
        if (error) throw error;
        removed += count as number;
      }
      return removed;
    },
    async size() {
      let cursor = '0';
      let entries = 0;
      let bytes = 0;
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:e:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length === 0) continue;
        const lengths = redis.pipeline();
        for (const key of keys) lengths.strlen(key);
        for (const [, length] of (await lengths.exec()) ?? []) {
          if (typeof length === 'number' && length > 0) {
            entries++;
            bytes += length;
          }
        }
      } while (cursor !== '0' && entries < 1_000_000);
      return { entries, bytes };
    },
  };
}

export interface FailoverStoreOptions {
  redis: Redis | null;
  prefix: string;
  memory: MemoryStoreOptions;
  /** While Redis is down, memory entries live at most this long (no other instance can evict them). */
  fallbackMaxTtlMs: number;
  metrics?: CacheMetrics | null;
  log: Logger;
}

/**
 * Redis when configured and connected; this instance's memory otherwise. A failing Redis command
 * is answered from memory (a miss, or a write kept locally) rather than failing the request.
 * Memory written during an outage is dropped when Redis is back: other instances' invalidations
 * did not reach it.
 */
export function createFailoverStore(options: FailoverStoreOptions): TaggedStore {
  const memory = createMemoryStore({ ...options.memory, metrics: options.metrics });
  const redis = options.redis ? createRedisStore(options.redis, options.prefix) : null;
  const client = options.redis;
  let wroteMemoryDuringOutage = false;
  client?.on('ready', () => {
    if (wroteMemoryDuringOutage) memory.clear();
    wroteMemoryDuringOutage = false;
  });
  const redisUp = () => client !== null && client.status === 'ready';
  const timed = async <T>(backend: CacheBackend, operation: 'get' | 'set' | 'invalidate', run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      options.metrics?.operation({ backend, operation }, (performance.now() - started) / 1000);
    }
  };
  const warn = (error: unknown, operation: string) => options.log.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code }, operation }, 'response cache: redis failed, using memory');

  const memorySet = (key: string, value: string, tags: readonly string[], ttlMs: number, readAt: number) => {
    if (redis) wroteMemoryDuringOutage = true;
    return timed('memory', 'set', () => memory.set(key, value, tags, redis ? Math.min(ttlMs, options.fallbackMaxTtlMs) : ttlMs, readAt));
  };

  return {
    backend: () => (redisUp() ? 'redis' : 'memory'),
    async get(key) {
      if (redis && redisUp()) {
        try {
          return await timed('redis', 'get', () => redis.get(key));
        } catch (error) {
          warn(error, 'get');
        }
      }
      return timed('memory', 'get', () => memory.get(key));
    },
    async set(key, value, tags, ttlMs, readAt) {
      if (redis && redisUp()) {
        try {
          return await timed('redis', 'set', () => redis.set(key, value, tags, ttlMs, readAt));
        } catch (error) {
          warn(error, 'set');
        }
      }
      await memorySet(key, value, tags, ttlMs, readAt);
    },
    async invalidate(tags) {
      // Memory too: entries written there during an outage must not survive the mutation.
      let removed = await timed('memory', 'invalidate', () => memory.invalidate(tags));
      if (removed) options.metrics?.evicted({ backend: 'memory', reason: 'invalidated' }, removed);
      if (redis && redisUp()) {
        try {
          const inRedis = await timed('redis', 'invalidate', () => redis.invalidate(tags));
          if (inRedis) options.metrics?.evicted({ backend: 'redis', reason: 'invalidated' }, inRedis);
          removed += inRedis;
        } catch (error) {
          warn(error, 'invalidate');
        }
      }
      return removed;
    },
    async size() {
      if (redis && redisUp()) {
        try {
          return await redis.size();
        } catch (error) {
          warn(error, 'size');
        }
      }
      return memory.size();
    },
  };
}
