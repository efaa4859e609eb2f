import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Orm } from '../db/orm.js';
import { pendingMigrations } from '../db/orm.js';
import { poolStats } from '../db/pool.js';
import type { QueueStatus } from '../jobs/queue.js';

export interface HealthDeps {
  orm: Orm;
  redis?: Redis | null;
  /** Set by the server once shutdown begins: /ready turns 503 so balancers stop routing here. */
  isShuttingDown?: () => boolean;
  startedAt?: number;
  /** The background job queue's state, when this app enqueues jobs. */
  queue?: () => Promise<QueueStatus>;
}

interface CheckResult {
  status: 'up' | 'down' | 'not_configured';
  latencyMs?: number;
  error?: string;
  [extra: string]: unknown;
}

/** Time one check; a failure is reported by its class, never with connection details. */
async function timed(check: () => Promise<Record<string, unknown> | void>): Promise<CheckResult> {
  const start = performance.now();
  try {
    const extra = (await check()) ?? {};
    return { status: 'up', latencyMs: round(performance.now() - start), ...extra };
  } catch (error) {
    return { status: 'down', latencyMs: round(performance.now() - start), error: describe(error) };
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function describe(error: unknown): string {
  const code = (error as { code?: string })?.code;
  return code ? `unavailable (${code})` : 'unavailable';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), ms).unref())]);
}

/**
 * Probes for orchestrators (DESIGN §9; `/live` is Yoga's own health check): `/ready` (database
 * reachable and every migration applied; 503 otherwise or while shutting down), `/health` (a
 * summary) and `/health/detailed` (each dependency with its latency, plus memory). Redis is an
 * accelerator: its loss degrades `/health` but never fails `/ready`.
 */
export function useHealthEndpoints(deps: HealthDeps): Plugin {
  const startedAt = deps.startedAt ?? Date.now();
  const db = () =>
    timed(async () => {
      await withTimeout(deps.orm.em.getConnection().execute('select 1'), 2000);
      const pending = await withTimeout(pendingMigrations(deps.orm), 2000);
      if (pending.length > 0) throw Object.assign(new Error('pending migrations'), { code: 'PENDING_MIGRATIONS' });
      const pool = poolStats(deps.orm);
      return pool ? { pool: { used: pool.used, free: pool.free } } : {};
    });
  const redis = (): Promise<CheckResult> =>
    deps.redis ? timed(async () => void (await withTimeout(deps.redis!.ping(), 1000))) : Promise.resolve({ status: 'not_configured' });

  // The queue is reported, not judged: a backlog is not an outage of this instance.
  const queue = (): Promise<CheckResult> =>
    deps.queue
      ? timed(async () => {
          const { backend, waiting, active, delayed, failed, oldestWaitingSeconds } = await withTimeout(deps.queue!(), 2000);
          return { backend, waiting, active, delayed, failed, oldestWaitingSeconds };
        })
      : Promise.resolve({ status: 'not_configured' });

  const json = (fetchAPI: { Response: typeof Response }, status: number, body: unknown) =>
    new fetchAPI.Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });

  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      switch (url.pathname) {
        case '/ready': {
          if (deps.isShuttingDown?.()) return endResponse(json(fetchAPI, 503, { status: 'shutting_down' }));
          const database = await db();
          const ok = database.status === 'up';
          return endResponse(json(fetchAPI, ok ? 200 : 503, { status: ok ? 'ready' : 'not_ready', database: database.status === 'up' ? 'up' : database.error }));
        }
        case '/health': {
          const [database, cache] = await Promise.all([db(), redis()]);
          const status = database.status !== 'up' ? 'down' : cache.status === 'down' ? 'degraded' : 'ok';
          return endResponse(json(fetchAPI, status === 'down' ? 503 : 200, { status, database: database.status, redis: cache.status }));
        }
        case '/health/detailed': {
          const [database, cache, jobs] = await Promise.all([db(), redis(), queue()]);
          const status = database.status !== 'up' ? 'down' : cache.status === 'down' || jobs.status === 'down' ? 'degraded' : 'ok';
          const memory = process.memoryUsage();
          return endResponse(
            json(fetchAPI, status === 'down' ? 503 : 200, {
              status,
              uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
              checks: { database, redis: cache, queue: jobs },
              memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal, externalBytes: memory.external },
              node: process.version,
            }),
          );
        }
      }
    },
  };
}
