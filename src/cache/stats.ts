/**
 * What /internal/cache-stats shows of this instance since it started: look-ups (hits, misses)
 * overall and per kind (the root fields of the operation, e.g. `Query.workflows`), and
 * invalidations per tag type (`Workflow`, `loc`, `org`…) with the entries they removed.
 */
export function createCacheStats() {
  const kinds = new Map<string, { hits: number; misses: number }>();
  const invalidationsByType = new Map<string, number>();
  let hits = 0;
  let misses = 0;
  let invalidations = 0;
  let evictions = 0;
  let hitPathHits = 0;
  const rate = (h: number, m: number) => (h + m === 0 ? null : Math.round((h / (h + m)) * 1000) / 1000);
  return {
    /** One look-up; `hitPath`: a hit answered before Yoga. */
    lookup(kind: string, hit: boolean, hitPath = false) {
      if (hitPath) hitPathHits++;
      let counts = kinds.get(kind);
      if (!counts) {
        // Kinds come from the schema's root fields; bounded anyway.
        if (kinds.size >= 200) kind = 'other';
        counts = kinds.get(kind) ?? { hits: 0, misses: 0 };
        kinds.set(kind, counts);
      }
      if (hit) {
        hits++;
        counts.hits++;
      } else {
        misses++;
        counts.misses++;
      }
    },
    invalidated(tags: readonly string[]) {
      invalidations++;
      for (const tag of tags) {
        const type = tag.slice(0, tag.indexOf(':'));
        invalidationsByType.set(type, (invalidationsByType.get(type) ?? 0) + 1);
      }
    },
    evicted(count: number) {
      evictions += count;
    },
    snapshot() {
      return {
        hits,
        misses,
        hitRate: rate(hits, misses),
        /** Hits answered before Yoga (part of `hits`). */
        hitPathHits,
        invalidations,
        evictions,
        byKind: Object.fromEntries([...kinds].map(([kind, c]) => [kind, { ...c, hitRate: rate(c.hits, c.misses) }])),
        invalidationsByTagType: Object.fromEntries(invalidationsByType),
      };
    },
  };
}

export type CacheStats = ReturnType<typeof createCacheStats>;
