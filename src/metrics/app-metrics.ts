import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Redis } from 'ioredis';
import type { AnalysisObserver } from '../services/analyses.js';
import { createAnalysisMetrics } from './analyses.js';
import { createBusinessMetrics, type BusinessMetrics } from './business.js';
import { createDatabaseMetrics, type DatabaseMetrics } from './database.js';
import { createGraphqlMetrics, type GraphqlMetrics } from './graphql.js';
import { createHttpMetrics, type HttpMetrics } from './http.js';
import {
  createCacheMetrics,
  createQueueMetrics,
  createRateLimitMetrics,
  type CacheMetrics,
  type QueueMetrics,
  type RateLimitMetrics,
} from './later-features.js';

/**
 * One app instance's metrics: its own prom-client Registry (never the process-wide default
 * one, which two app instances in one process would share) and a typed method per family, so
 * features record through this object and never name a metric themselves.
 */
export interface AppMetrics {
  registry: Registry;
  http: HttpMetrics;
  graphql: GraphqlMetrics;
  analyses: AnalysisObserver;
  db: DatabaseMetrics;
  business: BusinessMetrics;
  cache: CacheMetrics;
  rateLimits: RateLimitMetrics;
  queue: QueueMetrics;
  /** Reports `wh_redis_up` from this client's connection state (read at scrape time). */
  watchRedis(redis: Redis): void;
}

export interface AppMetricsOptions {
  /** Operation names that keep their own label value. Default 50. */
  maxOperationNames?: number;
}

export function createAppMetrics(options: AppMetricsOptions = {}): AppMetrics {
  const registry = new Registry();
  // process_* and nodejs_* (CPU, memory, event-loop lag, GC): read from the runtime, no I/O.
  collectDefaultMetrics({ register: registry });
  // Three of them are gauges named `_total`, which promtool rejects (a counter's suffix); the
  // same counts remain by type in nodejs_active_handles, _requests and _resources.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);

  const redisClients: Redis[] = [];
  // Registered with the first client: an unlabelled gauge reads 0 from birth, which would say
  // "Redis down" on an instance that has no Redis to begin with.
  const registerRedisUp = () =>
    new Gauge({
      name: 'wh_redis_up',
      help: 'Whether the Redis connection is ready (1) or not (0); absent when Redis is not configured.',
      registers: [registry],
      collect() {
        this.set(redisClients.every((r) => r.status === 'ready') ? 1 : 0);
      },
    });

  return {
    registry,
    http: createHttpMetrics(registry),
    graphql: createGraphqlMetrics(registry, { maxOperationNames: options.maxOperationNames ?? 50 }),
    analyses: createAnalysisMetrics(registry),
    db: createDatabaseMetrics(registry),
    business: createBusinessMetrics(registry),
    cache: createCacheMetrics(registry),
    rateLimits: createRateLimitMetrics(registry),
    queue: createQueueMetrics(registry),
    watchRedis(redis) {
      if (redisClients.length === 0) registerRedisUp();
      redisClients.push(redis);
    },
  };
}
