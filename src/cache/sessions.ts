import { hash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { Viewer } from '../auth/viewer.js';
import { authenticateApiKey } from '../auth/authenticate.js';
import type { Config } from '../config.js';
import type { Orm } from '../db/orm.js';

/** Something that makes resolved API keys stale: a key revoked, or an organization changed (tier). */
export type SessionEvent = { apiKeyId: string } | { organizationId: string };
/** Cached entries filed under these tags were removed from the shared store (see near.ts). */
export type TagsEvent = { tags: string[] };
export type CacheEvent = SessionEvent | TagsEvent;

/** The channel every instance listens on (from CACHE_KEY_PREFIX, so instances sharing a cache share it). */
export const sessionChannel = (keyPrefix: string) => `${keyPrefix}:sessions`;

/** One message on the channel; `from` names the sender, which does not deliver it to itself. */
export async function publishCacheEvent(redis: Redis, channel: string, from: string, event: CacheEvent): Promise<void> {
  await redis.publish(channel, JSON.stringify({ from, event }));
}

/**
 * Tells every instance (Redis pub/sub) that resolved keys must be read again, or that entries
 * under some tags are gone. Without Redis, or while it is down, only this instance hears it; the
 * others drop a key within CACHE_SESSION_TTL_MS, and stop using their near cache while their
 * subscription is down (`live()`), clearing it when it is back (`onResume`).
 */
export function createSessionBroadcast(options: { redis: Redis | null; channel: string; log: Logger }) {
  const listeners = new Set<(event: CacheEvent) => void>();
  const resumeListeners = new Set<() => void>();
  /** Messages carry their sender, which has delivered them to itself already. */
  const self = randomUUID();
  let subscriber: Redis | null = null;
  let subscribed = false;
  const deliver = (event: CacheEvent) => {
    for (const listener of listeners) listener(event);
  };
  const resume = () => {
    for (const listener of resumeListeners) listener();
  };
  const subscribe = () => {
    if (subscriber || !options.redis) return;
    const client = options.redis.duplicate();
    subscriber = client;
    client.on('error', () => undefined); // the main connection logs outages
    client.on('ready', () => {
      client.subscribe(options.channel).then(
        () => {
          // Whatever was published while we were not subscribed is lost: start again.
          resume();
          subscribed = true;
        },
        () => undefined,
      );
    });
    client.on('close', () => {
      subscribed = false;
      resume();
    });
    client.on('message', (channel: string, message: string) => {
      if (channel !== options.channel) return;
      try {
        const { from, event } = JSON.parse(message) as { from: string; event: CacheEvent };
        if (from !== self && event) deliver(event);
      } catch {
        // not ours
      }
    });
  };
  return {
    /** Calls `listener` for every event, from this instance or another one. */
    listen(listener: (event: CacheEvent) => void): void {
      listeners.add(listener);
      subscribe();
    },
    /** Calls `listener` whenever events may have been missed (the subscription dropped or came back). */
    onResume(listener: () => void): void {
      resumeListeners.add(listener);
      subscribe();
    },
    /** Whether every event published by any instance reaches this one now. */
    live(): boolean {
      return !options.redis || subscribed;
    },
    async publish(event: CacheEvent): Promise<void> {
      deliver(event);
      if (options.redis?.status === 'ready') {
        await publishCacheEvent(options.redis, options.channel, self, event).catch((error: Error) => options.log.warn({ err: { name: error.name } }, 'cache broadcast failed'));
      }
    },
    async close(): Promise<void> {
      listeners.clear();
      resumeListeners.clear();
      subscribed = false;
      const client = subscriber;
      subscriber = null;
      if (client) await client.quit().catch(() => client.disconnect());
    },
  };
}

export type SessionBroadcast = ReturnType<typeof createSessionBroadcast>;

/**
 * Every request's map from an API key (by its SHA-256, never the key) to its Viewer, so that an
 * authenticated request (and a cache hit before Yoga) needs no SQL to know its caller. Entries live `ttlMs`; a revocation or tier change evicts them
 * at once on every instance (through the broadcast). Bounded: the oldest entries go first.
 */
export function createSessionCache(options: { ttlMs: number; broadcast: SessionBroadcast; authenticate: (token: string) => Promise<Viewer>; maxEntries?: number }) {
  const max = options.maxEntries ?? 10_000;
  /** `resolved` is set once the look-up succeeded, so that a hit can be answered without awaiting. */
  const entries = new Map<string, { viewer: Promise<Viewer>; resolved?: Viewer; expiresAt: number }>();
  // One-shot crypto.hash: a third of createHash's cost, paid on every authenticated request.
  const hashOf = (token: string) => hash('sha256', token, 'base64url');
  options.broadcast.listen((event) => {
    if ('tags' in event) return;
    for (const [hash, entry] of entries) {
      void entry.viewer.then(
        (viewer) => {
          const stale = 'apiKeyId' in event ? viewer.apiKeyId === event.apiKeyId : viewer.organizationId === event.organizationId;
          if (stale && entries.get(hash) === entry) entries.delete(hash);
        },
        () => undefined,
      );
    }
  });
  return {
    /** The key's viewer if it is resolved and fresh here; nothing is looked up. */
    peek(token: string): Viewer | undefined {
      const cached = entries.get(hashOf(token));
      return cached && cached.expiresAt > Date.now() ? cached.resolved : undefined;
    },
    /** The key's viewer; rejects (and remembers nothing) when the key is not valid. */
    resolve(token: string): Promise<Viewer> {
      const hash = hashOf(token);
      const now = Date.now();
      const cached = entries.get(hash);
      if (cached && cached.expiresAt > now) return cached.viewer;
      // Shared by every request of the key from now on: frozen, so that none can change it for the others.
      const viewer = options.authenticate(token).then((resolved) => {
        Object.freeze(resolved.locationIds);
        return Object.freeze(resolved);
      });
      const entry: { viewer: Promise<Viewer>; resolved?: Viewer; expiresAt: number } = { viewer, expiresAt: now + options.ttlMs };
      entries.delete(hash);
      entries.set(hash, entry);
      if (entries.size > max) entries.delete(entries.keys().next().value!);
      viewer.then(
        (resolved) => {
          entry.resolved = resolved;
        },
        () => {
          if (entries.get(hash) === entry) entries.delete(hash);
        },
      );
      return viewer;
    },
    get size() {
      return entries.size;
    },
  };
}

export type SessionCache = ReturnType<typeof createSessionCache>;

/**
 * One app instance's sessions: the broadcast on its channel, and the resolved keys it evicts.
 * Built once per instance (runtime, tests) and shared by Yoga's authentication, the cache's hit
 * path and the mutations that change a key's meaning.
 */
export function createInstanceSessions(deps: { config: Config; orm: Orm; redis: Redis | null; log: Logger }) {
  const broadcast = createSessionBroadcast({ redis: deps.redis, channel: sessionChannel(deps.config.cache.keyPrefix), log: deps.log });
  const keys = createSessionCache({ ttlMs: deps.config.cache.sessionTtlMs, broadcast, authenticate: (token) => authenticateApiKey(deps.orm.em.fork(), token) });
  return { broadcast, keys };
}

export type InstanceSessions = ReturnType<typeof createInstanceSessions>;
