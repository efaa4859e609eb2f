import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createApp, type App } from './app.js';
import { createHttpServer } from './http-server.js';
import type { Orm } from './db/orm.js';
import { openDatabase } from './db/database.js';
import { seedDemoIfEmpty, type DemoSeed } from './services/demo-seed.js';
import { metricsAccess } from './metrics/access.js';
import { createAppMetrics } from './metrics/app-metrics.js';
import { startBusinessRefresh } from './metrics/business.js';
import { startMetricsServer, type MetricsServer } from './metrics/server.js';
import { listen } from './listen.js';
import { createLimits } from './limits/service.js';
import { createResponseCache } from './cache/response-cache.js';
import { createHitPath } from './cache/hit-path.js';
import { createInstanceSessions } from './cache/sessions.js';
import { startJobs, type AnalysisCompletedHook, type Jobs } from './jobs/index.js';
import { attachGraphQLWebSocket } from './websocket.js';

export interface Runtime {
  app: App;
  server: Server;
  orm: Orm;
  redis: Redis | null;
  /** The job queue, its events, and the in-process worker (RUN_WORKER). */
  jobs: Jobs;
  /** The base URL the server listens on. */
  url: string;
  /** The separate metrics URL when METRICS_PORT is set. */
  metricsUrl: string | null;
  /** Set when this start created the demo organization (development, empty database). */
  demo: DemoSeed | null;
  /** Graceful stop: refuse new connections, finish in-flight requests, close everything. */
  stop(): Promise<void>;
}

/**
 * Opens the database (the embedded one when no DATABASE_URL), applies migrations, connects
 * Redis when configured, and starts listening. Used by src/server.ts and by tests.
 */
export interface RuntimeOptions {
  /** Also told about every analysis a background job stores (tests). */
  onAnalysisCompleted?: AnalysisCompletedHook;
}

export async function startRuntime(config: Config, log: Logger, options: RuntimeOptions = {}): Promise<Runtime> {
  const database = await openDatabase(config, log, { migrate: config.MIGRATE_ON_START || !config.DATABASE_URL, serving: true });
  const { orm } = database;
  let redis: Redis | null = null;
  let metricsServer: MetricsServer | null = null;
  let stopBusiness = async (): Promise<void> => undefined;
  let jobs: Jobs | null = null;
  let closeEvents = async (): Promise<void> => undefined;
  try {
    const demo = config.NODE_ENV === 'development' && config.DEMO_SEED ? await seedDemoIfEmpty(orm.em.fork()) : null;
    redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, log) : null;

    const access = metricsAccess(config);
    if (access.warning) log.warn(access.warning);
    const metrics = access.enabled ? createAppMetrics({ maxOperationNames: config.METRICS_MAX_OPERATION_NAMES }) : null;
    if (metrics) {
      // The business gauges are recounted on a timer, never per scrape.
      stopBusiness = startBusinessRefresh({ metrics: metrics.business, orm, intervalMs: config.METRICS_BUSINESS_REFRESH_MS, log }).stop;
      if (access.port !== undefined) metricsServer = await startMetricsServer({ metrics, host: config.HOST, port: access.port, token: access.token });
    }

    // Resolved API keys, shared by Yoga's authentication and the cache's hit path, and the
    // broadcast that evicts them (and near-cached answers) on every instance.
    const sessions = createInstanceSessions({ config, orm, redis, log });
    closeEvents = () => sessions.broadcast.close();
    const cache = config.cache.enabled ? createResponseCache({ settings: config.cache, redis, log, metrics: metrics?.cache, broadcast: sessions.broadcast }) : null;
    /**
     * The one place told about every analysis a background job stores (workflow, location,
     * organization), whichever process ran the job: the response cache evicts the answers that
     * held the old state here.
     */
    const onAnalysisCompleted: AnalysisCompletedHook = (event) => {
      // Not awaited (the hook must not block the worker); invalidation never throws.
      void cache?.invalidateAnalysis(event);
      options.onAnalysisCompleted?.(event);
    };
    jobs = await startJobs({ config, orm, log, databaseUrl: database.url, runWorker: config.RUN_WORKER, metrics });
    const startedJobs = jobs;
    // Workers in other processes (npm run worker) store analyses too: their flushes arrive as
    // events (Redis pub/sub, or LISTEN/NOTIFY), like the in-process worker's.
    const stored = jobs.events.pubSub.subscribe('analysesStored');
    void (async () => {
      for await (const events of stored) for (const event of events) onAnalysisCompleted(event);
    })().catch((error: Error) => log.warn({ err: { message: error.message } }, 'analysesStored subscription ended'));

    let shuttingDown = false;
    // Built here rather than inside the app: the cache's hit path (in front of Yoga) shares them.
    const limits = createLimits({ settings: config.rateLimits, redis, onRejection: (event) => metrics?.rateLimits.rejected(event) });
    const app = createApp({ config, orm, log, redis, metrics, jobs, limits, cache, sessions, isShuttingDown: () => shuttingDown });
    const front = cache
      ? createHitPath({ cache, limits, config, log, sessions: sessions.keys, httpMetrics: metrics?.http })
      : undefined;
    const { server, drain } = createHttpServer(app, { keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS, log, front });
    const webSocket = attachGraphQLWebSocket(server, app, log);
    const url = await listen(server, config.PORT, config.HOST);

    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        shuttingDown = true;
        await stopBusiness();
        // Subscriptions end (clients reconnect to another instance); they would hold the server open.
        await webSocket.close();
        // The worker takes no new jobs and finishes its running ones while requests drain.
        await Promise.all([drain(config.SHUTDOWN_TIMEOUT_MS), startedJobs.drainWorker()]);
        await stored.return?.();
        await startedJobs.close();
        await metricsServer?.close();
        await app.dispose();
        await closeEvents();
        if (redis) await redis.quit().catch(() => redis?.disconnect());
        await database.close();
      })());

    return { app, server, orm, redis, jobs: startedJobs, url, metricsUrl: metricsServer?.url ?? null, demo, stop };
  } catch (error) {
    await jobs?.close().catch(() => undefined);
    await stopBusiness();
    await metricsServer?.close();
    await closeEvents();
    redis?.disconnect();
    await database.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Redis is an accelerator: the client never throws into request paths because of an outage
 * (commands fail fast instead of queueing forever) and reconnects in the background.
 */
export function connectRedis(url: string, log: Logger): Redis {
  const client = new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    // Commands issued in the same tick (a request's rate-limit counters) go out in one write.
    enableAutoPipelining: true,
  });
  let lastError = '';
  client.on('error', (error: NodeJS.ErrnoException) => {
    const code = error.code ?? error.name;
    if (code !== lastError) log.warn({ code }, 'redis unavailable; falling back to memory where possible');
    lastError = code;
  });
  client.on('ready', () => {
    if (lastError) log.info('redis reconnected');
    lastError = '';
  });
  return client;
}
