import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { Viewer } from '../auth/viewer.js';

/** Something that makes resolved API keys stale: a key revoked, or an organization changed (tier). */
export type SessionEvent = { apiKeyId: string } | { organizationId: string };

/**
 * Tells every instance (Redis pub/sub) that resolved keys must be read again. Without Redis, or
 * while it is down, only this instance hears it; the others drop the key within
 * CACHE_SESSION_TTL_MS.
 */
export function createSessionBroadcast(options: { redis: Redis | null; channel: string; log: Logger }) {
  const listeners = new Set<(event: SessionEvent) => void>();
  let subscriber: Redis | null = null;
  const deliver = (event: SessionEvent) => {
    for (const listener of listeners) listener(event);
  };
  const subscribe = () => {
    if (subscriber || !options.redis) return;
    const client = options.redis.duplicate();
    subscriber = client;
    client.on('error', () => undefined); // the main connection logs outages
    client.on('ready', () => void client.subscribe(options.channel).catch(() => undefined));
    client.on('message', (channel: string, message: string) => {
      if (channel !== options.channel) return;
      try {
        deliver(JSON.parse(message) as SessionEvent);
      } catch {
        // not ours
      }
    });
  };
  return {
    /** Calls `listener` for every event, from this instance or another one. */
    listen(listener: (event: SessionEvent) => void): void {
      listeners.add(listener);
      subscribe();
    },
    async publish(event: SessionEvent): Promise<void> {
      deliver(event);
      if (options.redis?.status === 'ready') {
        await options.redis.publish(options.channel, JSON.stringify(event)).catch((error: Error) => options.log.warn({ err: { name: error.name } }, 'session broadcast failed'));
      }
    },
    async close(): Promise<void> {
      listeners.clear();
      const client = subscriber;
      subscriber = null;
      if (client) await client.quit().catch(() => client.disconnect());
    },
  };
}

export type SessionBroadcast = ReturnType<typeof createSessionBroadcast>;

/**
 * The hit path's in-process map from an API key (by its SHA-256, never the key) to its Viewer,
 * so that a cache hit needs no SQL. Entries live `ttlMs`; a revocation or tier change evicts them
 * at once on every instance (through the broadcast). Bounded: the oldest entries go first.
 */
export function createSessionCache(options: { ttlMs: number; broadcast: SessionBroadcast; authenticate: (token: string) => Promise<Viewer>; maxEntries?: number }) {
  const max = options.maxEntries ?? 10_000;
  const entries = new Map<string, { viewer: Promise<Viewer>; expiresAt: number }>();
  options.broadcast.listen((event) => {
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
    /** The key's viewer; rejects (and remembers nothing) when the key is not valid. */
    resolve(token: string): Promise<Viewer> {
      const hash = createHash('sha256').update(token).digest('base64url');
      const now = Date.now();
      const cached = entries.get(hash);
      if (cached && cached.expiresAt > now) return cached.viewer;
      const viewer = options.authenticate(token);
      const entry = { viewer, expiresAt: now + options.ttlMs };
      entries.delete(hash);
      entries.set(hash, entry);
      if (entries.size > max) entries.delete(entries.keys().next().value!);
      viewer.catch(() => {
        if (entries.get(hash) === entry) entries.delete(hash);
      });
      return viewer;
    },
    get size() {
      return entries.size;
    },
  };
}
