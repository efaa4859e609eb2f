import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RejectionEvent } from '../limits/service.js';

/**
 * Families of the response cache, rate limits and background jobs. They were registered before
 * their features landed, so their names, labels and help text are stable for dashboards and
 * alerts; each feature only calls the typed methods below. Label values are our own enums,
 * never ids. Rate limits report through `createLimits({ onRejection })` (wired in app.ts); the
 * response cache through `createResponseCache({ metrics })` (src/cache); the queue is not there yet.
 */

export type CacheBackend = 'redis' | 'memory';
export type CacheOperation = 'get' | 'set' | 'invalidate';
export type QueueJobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';
export type JobOutcome = 'completed' | 'failed' | 'retried';

export interface CacheMetrics {
  request(labels: { result: 'hit' | 'miss'; backend: CacheBackend }): void;
  evicted(labels: { backend: CacheBackend; reason: 'invalidated' | 'expired' | 'capacity' }, count?: number): void;
  /** Seconds one cache operation took. */
  operation(labels: { backend: CacheBackend; operation: CacheOperation }, seconds: number): void;
}

export interface RateLimitMetrics {
  /** One refusal (429), by the caller's tier (ANONYMOUS without a key) and the limit hit. */
  rejected(event: RejectionEvent): void;
}

export interface QueueMetrics {
  /** Sets the number of jobs in each state (read from the queue by its owner, on its schedule). */
  depth(counts: Partial<Record<QueueJobState, number>>): void;
  /** One job finished (or is retried) after `seconds` of work. */
  finished(labels: { queue: string; outcome: JobOutcome }, seconds: number): void;
}

export function createCacheMetrics(registry: Registry): CacheMetrics {
  const requests = new Counter({
    name: 'wh_cache_requests_total',
    help: 'Response cache look-ups, by result (hit, miss) and backend (redis, memory).',
    labelNames: ['result', 'backend'] as const,
    registers: [registry],
  });
  const evictions = new Counter({
    name: 'wh_cache_evictions_total',
    help: 'Response cache entries removed before use, by backend and reason (invalidated, expired, capacity).',
    labelNames: ['backend', 'reason'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'wh_cache_operation_duration_seconds',
    help: 'Time of one response cache operation (get, set, invalidate), by backend.',
    labelNames: ['backend', 'operation'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [registry],
  });
  return {
    request: (labels) => requests.inc(labels),
    evicted: (labels, count = 1) => evictions.inc(labels, count),
    operation: (labels, seconds) => latency.observe(labels, seconds),
  };
}

export function createRateLimitMetrics(registry: Registry): RateLimitMetrics {
  const rejections = new Counter({
    name: 'wh_rate_limit_rejections_total',
    help: 'Requests refused with 429, by the caller tier (FREE, PRO, ENTERPRISE, ANONYMOUS) and the limit hit (requests, api_key_requests, analyses, anonymous, failed_auth).',
    labelNames: ['tier', 'kind'] as const,
    registers: [registry],
  });
  return { rejected: ({ tier, kind }) => rejections.inc({ tier, kind }) };
}

export function createQueueMetrics(registry: Registry): QueueMetrics {
  const jobs = new Gauge({
    name: 'wh_queue_jobs',
    help: 'Background jobs by state (waiting, active, delayed, completed, failed), as last read from the queue.',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'wh_job_duration_seconds',
    help: 'Time a background job ran, by queue and outcome.',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const outcomes = new Counter({
    name: 'wh_jobs_total',
    help: 'Background jobs finished, by queue and outcome (completed, failed, retried).',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
  });
  return {
    depth(counts) {
      for (const [state, value] of Object.entries(counts)) jobs.set({ state }, value);
    },
    finished(labels, seconds) {
      outcomes.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}
