import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { inject } from 'vitest';
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { createApp, type App } from '../../src/app.js';
import { createAppMetrics, type AppMetrics } from '../../src/metrics/app-metrics.js';
import { connectRedis } from '../../src/runtime.js';
import { createLimits, type Limits } from '../../src/limits/service.js';
import { createOrganization, type CreatedOrganization } from '../../src/services/organizations.js';
import type { Tier } from '../../src/db/entities/enums.js';
import { createTestDatabase } from './database.js';
import { assertDocumented } from './openapi-validator.js';
import { createResponseCache, type ResponseCache } from '../../src/cache/response-cache.js';
import { createInstanceSessions } from '../../src/cache/sessions.js';
import { createHitPath } from '../../src/cache/hit-path.js';
import { createHttpServer, type HttpServer } from '../../src/http-server.js';
import { listen } from '../../src/listen.js';
import { startJobs, type Jobs } from '../../src/jobs/index.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-' + 'x'.repeat(24);

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }> };
}

export interface RestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestAppOptions {
  /**
   * Connect the app to the test Redis (true) or to the Redis at this URL; its siblings share it.
   * Default: no Redis, counters in memory.
   */
  redis?: boolean | string;
  /**
   * Background jobs: the queue (on Redis when `redis` is set, else on PostgreSQL), progress
   * events, and an in-process worker unless `worker: false`. Default: none (ASYNC answers 503).
   */
  jobs?: boolean | { worker?: boolean };
}

export interface TestApp {
  app: App;
  orm: Orm;
  config: Config;
  /** The app's own metrics (its registry is scraped at /metrics); null when ENABLE_METRICS=false. */
  metrics: AppMetrics | null;
  /** The app's Redis connection, when `redis: true`. */
  redis: Redis | null;
  /** The app's rate-limit counters. */
  limits: Limits;
  /** The app's response cache (null with CACHE=off). */
  cache: ResponseCache | null;
  /**
   * Serves the app on a real port through node:http with the cache's hit path in front (as in
   * production); resolves to its base URL. Closed with the app.
   */
  listen(): Promise<string>;
  /** The app's background jobs, when `jobs` was asked for. */
  jobs: Jobs | null;
  /** The test database's URL (a separate worker process connects to it). */
  databaseUrl: string;
  /**
   * POST /graphql in-process; `key` becomes `Authorization: Bearer <key>`. A typed document from
   * tests/generated (codegen) types the variables and the data.
   */
  graphql<T, V>(query: DocumentTypeDecoration<T, V>, variables: V, key?: string): Promise<GraphQLResponse<T>>;
  graphql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResponse<T>>;
  /**
   * A REST /v1 call in-process: `body` is sent as JSON (a string is sent as it is, to test
   * malformed bodies); `key` becomes `Authorization: Bearer <key>`; `headers` are added. The JSON
   * answer is parsed, and checked against the OpenAPI document (status, headers, body schema):
   * a contradiction fails the test.
   */
  rest<T = any>(method: string, path: string, body?: unknown, key?: string, headers?: Record<string, string>): Promise<RestResponse<T>>;
  /** A new organization (its own tenant) with an OWNER key. */
  tenant(tier?: Tier): Promise<CreatedOrganization>;
  /** Another instance of the app on the same database, configuration and Redis (closed with this one). */
  sibling(options?: { jobs?: boolean | { worker?: boolean } }): Promise<TestApp>;
  close(): Promise<void>;
}

/**
 * The app on its own fresh database, called in-process with `app.fetch` (no port needed).
 * Rate limits are off unless the test turns them on (`{ RATE_LIMITS: 'on' }`); each test app has
 * its own Redis key prefix, and its keys are deleted on close.
 */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const testId = randomBytes(6).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    RATE_LIMITS: 'off',
    RATE_LIMIT_KEY_PREFIX: `wh:test:${testId}:rl`,
    CACHE_KEY_PREFIX: `wh:test:${testId}:rc`,
    QUEUE_PREFIX: `wh:test:${testId}:bull`,
    ...env,
  });
  let redisUrl = '';
  if (options.redis) {
    redisUrl = typeof options.redis === 'string' ? options.redis : inject('redisUrl');
    if (!redisUrl) throw new Error('This test needs Redis (REDIS_URL or redis://127.0.0.1:6379)');
  }
  const siblings: TestApp[] = [];
  const first = await testAppOn(db.url, config, redisUrl, siblings, options.jobs);
  const close = first.close;
  return Object.assign(first, {
    async close() {
      for (const sibling of siblings) await sibling.close();
      if (first.redis?.status === 'ready') {
        await deleteKeys(first.redis, `${config.rateLimits.keyPrefix}:*`);
        await deleteKeys(first.redis, `${config.cache.keyPrefix}:*`);
        await deleteKeys(first.redis, `${config.QUEUE_PREFIX}:*`);
      }
      await close();
      await db.drop();
    },
  });
}

async function deleteKeys(redis: Redis, pattern: string) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

async function testAppOn(dbUrl: string, config: Config, redisUrl: string, siblings: TestApp[], jobsOption?: TestAppOptions['jobs']): Promise<TestApp> {
  const orm = await openOrm({ url: dbUrl, poolMax: 4 });
  const log = createLogger((process.env.TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent');
  const redis = redisUrl ? connectRedis(redisUrl, log) : null;
  if (redis) await new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve())));
  const metrics = config.ENABLE_METRICS ? createAppMetrics({ maxOperationNames: config.METRICS_MAX_OPERATION_NAMES }) : null;
  const limits = createLimits({ settings: config.rateLimits, redis, onRejection: (event) => metrics?.rateLimits.rejected(event) });
  // As in the runtime: one broadcast and one set of resolved keys for Yoga and the hit path.
  const sessions = createInstanceSessions({ config, orm, redis, log });
  const cache = config.cache.enabled ? createResponseCache({ settings: config.cache, redis, log, metrics: metrics?.cache, broadcast: sessions.broadcast }) : null;
  const jobs = jobsOption
    ? await startJobs({
        config: { ...config, REDIS_URL: redisUrl || undefined },
        orm,
        log,
        databaseUrl: dbUrl,
        runWorker: typeof jobsOption === 'object' ? jobsOption.worker !== false : true,
        metrics,
        // As in the runtime: a stored analysis evicts the cached answers that held the old state.
        onAnalysisCompleted: (event) => void cache?.invalidateAnalysis(event),
      })
    : null;
  const app = createApp({ config, orm, log, redis, limits, metrics, jobs, cache, sessions });
  let server: HttpServer | null = null;
  return {
    cache,
    async listen() {
      if (!server) {
        const front = cache ? createHitPath({ cache, limits, config, log, sessions: sessions.keys, httpMetrics: metrics?.http }) : undefined;
        server = createHttpServer(app, { keepAliveTimeoutMs: 5_000, log, front });
      }
      return server.server.listening ? `http://127.0.0.1:${(server.server.address() as { port: number }).port}` : listen(server.server, 0, '127.0.0.1');
    },
    app,
    orm,
    config,
    redis,
    limits,
    metrics,
    jobs,
    databaseUrl: dbUrl,
    async graphql(query: unknown, variables?: unknown, key?: string) {
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query: String(query), variables }),
      });
      return { status: response.status, headers: response.headers, body: await response.json() } as never;
    },
    async rest(method: string, path: string, body?: unknown, key?: string, headers?: Record<string, string>) {
      const response = await app.fetch(`http://test${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: left as text
      }
      assertDocumented(method, path, response.status, response.headers, parsed);
      return { status: response.status, headers: response.headers, body: parsed as never };
    },
    tenant(tier: Tier = 'PRO') {
      const suffix = randomBytes(4).toString('hex');
      return createOrganization(orm.em.fork(), {
        name: `Org ${suffix}`,
        tier,
        locationName: `Location ${suffix}`,
        ownerEmail: `owner-${suffix}@example.test`,
      });
    },
    async sibling(options = {}) {
      const sibling = await testAppOn(dbUrl, config, redisUrl, siblings, options.jobs);
      siblings.push(sibling);
      return sibling;
    },
    async close() {
      if (server?.server.listening) await server.drain(1_000);
      await jobs?.close();
      await app.dispose();
      await sessions.broadcast.close();
      redis?.disconnect();
      await orm.close(true);
    },
  };
}
