import { z } from 'zod';

/**
 * Response cache configuration (DESIGN §7). Every TTL is finite; a TTL of 0 means "never cached".
 * A response's TTL is the smallest TTL of the types it contains.
 */

const seconds = z.coerce.number().int().min(0).max(86_400);
const positiveInt = z.coerce.number().int().positive();

export const cacheEnvSchema = {
  /** Response cache on or off (on by default). */
  CACHE: z.enum(['on', 'off']).default('on'),
  /** Prefix of every Redis key and channel the cache uses. */
  CACHE_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 : _ -').default('wh:rc'),
  /** Default TTL of a cached response (types without their own TTL), seconds. */
  CACHE_TTL_DEFAULT_SECONDS: seconds.default(60),
  /** The rule catalogue (changes only with a deployment). */
  CACHE_TTL_RULES_SECONDS: seconds.default(3600),
  /** An analysis (immutable once COMPLETED). */
  CACHE_TTL_ANALYSIS_SECONDS: seconds.default(3600),
  /** A workflow, and the lists holding workflows. */
  CACHE_TTL_WORKFLOW_SECONDS: seconds.default(60),
  /** locationHealth (its daily roll-up changes with every analysis, which evicts it anyway). */
  CACHE_TTL_LOCATION_HEALTH_SECONDS: seconds.default(300),
  /** A location. */
  CACHE_TTL_LOCATION_SECONDS: seconds.default(300),
  /** Memory backend (no REDIS_URL, or Redis down): most entries kept. */
  CACHE_MEMORY_MAX_ENTRIES: positiveInt.default(10_000),
  /** Memory backend: most bytes of cached bodies kept. */
  CACHE_MEMORY_MAX_BYTES: positiveInt.default(64 * 1024 * 1024),
  /**
   * While Redis is down, entries go to this instance's memory and cannot be evicted by mutations
   * on other instances: they live at most this long (seconds).
   */
  CACHE_FALLBACK_MAX_TTL_SECONDS: positiveInt.default(10),
  /** How long an instance trusts a resolved API key before reading it again (ms). Revocation evicts it at once. */
  CACHE_SESSION_TTL_MS: positiveInt.default(10_000),
};

type CacheEnv = { [K in keyof typeof cacheEnvSchema]: z.infer<(typeof cacheEnvSchema)[K]> };

export interface CacheSettings {
  enabled: boolean;
  keyPrefix: string;
  /** Milliseconds per type name or schema coordinate (the Envelop plugin's ttlPerSchemaCoordinate). */
  ttlPerSchemaCoordinate: Record<string, number>;
  defaultTtlMs: number;
  memory: { maxEntries: number; maxBytes: number };
  fallbackMaxTtlMs: number;
  sessionTtlMs: number;
}

export function cacheSettings(env: CacheEnv): CacheSettings {
  const ms = (s: number) => s * 1000;
  return {
    enabled: env.CACHE === 'on',
    keyPrefix: env.CACHE_KEY_PREFIX,
    defaultTtlMs: ms(env.CACHE_TTL_DEFAULT_SECONDS),
    ttlPerSchemaCoordinate: {
      RuleCatalog: ms(env.CACHE_TTL_RULES_SECONDS),
      Rule: ms(env.CACHE_TTL_RULES_SECONDS),
      Analysis: ms(env.CACHE_TTL_ANALYSIS_SECONDS),
      Workflow: ms(env.CACHE_TTL_WORKFLOW_SECONDS),
      WorkflowConnection: ms(env.CACHE_TTL_WORKFLOW_SECONDS),
      LocationHealth: ms(env.CACHE_TTL_LOCATION_HEALTH_SECONDS),
      Location: ms(env.CACHE_TTL_LOCATION_SECONDS),
      // Never cached: who is calling (usage, role), API keys, administration.
      'Query.viewer': 0,
      Viewer: 0,
      'Query.apiKeys': 0,
      ApiKey: 0,
      // User management: a creation would not evict the lists it is missing from.
      'Query.users': 0,
      'Query.user': 0,
      OrganizationUser: 0,
      CreatedUser: 0,
      AdminUser: 0,
      // A batch's progress changes with every job.
      'Query.analysisBatch': 0,
      AnalysisBatch: 0,
      Organization: 0,
    },
    memory: { maxEntries: env.CACHE_MEMORY_MAX_ENTRIES, maxBytes: env.CACHE_MEMORY_MAX_BYTES },
    fallbackMaxTtlMs: ms(env.CACHE_FALLBACK_MAX_TTL_SECONDS),
    sessionTtlMs: env.CACHE_SESSION_TTL_MS,
  };
}
