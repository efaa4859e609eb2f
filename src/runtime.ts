import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createApp, type App } from './app.js';
import { createHttpServer } from './http-server.js';
import type { Orm } from './db/orm.js';
import { openDatabase } from './db/database.js';
import { seedDemoIfEmpty, type DemoSeed } from './services/demo-seed.js';

export interface Runtime {
  app: App;
  server: Server;
  orm: Orm;
  redis: Redis | null;
  /** The base URL the server listens on. */
  url: string;
  /** Set when this start created the demo organization (development, empty database). */
  demo: DemoSeed | null;
  /** Graceful stop: refuse new connections, finish in-flight requests, close everything. */
  stop(): Promise<void>;
}

/**
 * Opens the database (the embedded one when no DATABASE_URL), applies migrations, connects
 * Redis when configured, and starts listening. Used by src/server.ts and by tests.
 */
export async function startRuntime(config: Config, log: Logger): Promise<Runtime> {
  const database = await openDatabase(config, log, { migrate: config.MIGRATE_ON_START || !config.DATABASE_URL, serving: true });
  const { orm } = database;
  let redis: Redis | null = null;
  try {
    const demo = config.NODE_ENV === 'development' && config.DEMO_SEED ? await seedDemoIfEmpty(orm.em.fork()) : null;
    redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, log) : null;

    let shuttingDown = false;
    const app = createApp({ config, orm, log, redis, isShuttingDown: () => shuttingDown });
    const { server, drain } = createHttpServer(app, { keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS, log });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;

    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        shuttingDown = true;
        await drain(config.SHUTDOWN_TIMEOUT_MS);
        if (redis) await redis.quit().catch(() => redis?.disconnect());
        await database.close();
      })());

    return { app, server, orm, redis, url: `http://${host}:${port}`, demo, stop };
  } catch (error) {
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
