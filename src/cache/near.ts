import { LRUCache } from 'lru-cache';
import type { SessionBroadcast } from './sessions.js';

/** A hit-path answer ready to send: its metadata, body bytes, tags, and its gzip once made. */
export interface NearEntry {
  /** Content-Type */
  t: string;
  /** ETag (REST) */
  e?: string;
  /** Kind (root fields) for the statistics */
  k: string;
  /** Expires at (epoch ms) */
  x: number;
  body: Buffer;
  tags: readonly string[];
  gzip?: Buffer;
}

/**
 * This instance's copy of the hit-path entries it read from the shared store, so that a repeated
 * hit costs no Redis round trip (a round trip per hit held cached reads to about a fifth of a
 * bare node:http server's throughput; issue 14). lru-cache has no tag index, hence the one here.
 *
 * Correctness rests on the broadcast: every invalidation publishes its tags after the shared
 * store dropped them, and each instance evicts its near entries under those tags. A read that
 * raced an invalidation is not kept: `keep` refuses an entry when any invalidation arrived since
 * the read began (`epoch`). While the subscription is down the near cache is neither read nor
 * filled, and it is emptied whenever messages may have been missed.
 */
export function createNearCache(options: { maxEntries: number; maxBytes: number; broadcast: SessionBroadcast }) {
  const { broadcast } = options;
  let epoch = 0;
  const byTag = new Map<string, Set<string>>();
  const lru = new LRUCache<string, NearEntry>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: (entry, key) => entry.body.length + key.length + 256,
    dispose: (entry, key) => {
      for (const tag of entry.tags) {
        const keys = byTag.get(tag);
        keys?.delete(key);
        if (keys?.size === 0) byTag.delete(tag);
      }
    },
  });
  const evict = (tags: readonly string[]) => {
    epoch++;
    for (const tag of tags) for (const key of [...(byTag.get(tag) ?? [])]) lru.delete(key);
  };
  const clear = () => {
    epoch++;
    lru.clear();
  };
  broadcast.listen((event) => {
    if ('tags' in event) evict(event.tags);
  });
  broadcast.onResume(clear);

  return {
    get(key: string): NearEntry | undefined {
      if (!broadcast.live()) return undefined;
      const entry = lru.get(key);
      if (entry && entry.x <= Date.now()) {
        lru.delete(key);
        return undefined;
      }
      return entry;
    },
    /** Taken before reading the shared store, handed to `keep` with what it read. */
    epoch: () => epoch,
    keep(key: string, entry: NearEntry, readSince: number): void {
      const ttl = entry.x - Date.now();
      if (readSince !== epoch || !broadcast.live() || ttl <= 0 || entry.body.length > options.maxBytes) return;
      lru.set(key, entry, { ttl });
      for (const tag of entry.tags) {
        let keys = byTag.get(tag);
        if (!keys) byTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
    },
    /** Drops entries under `tags` here (the broadcast does it on the other instances). */
    evict,
    size: () => ({ entries: lru.size, bytes: lru.calculatedSize }),
  };
}

export type NearCache = ReturnType<typeof createNearCache>;
