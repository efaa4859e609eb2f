import { z } from 'zod';
import { rateLimitEnvSchema, rateLimitSettings, type RateLimitSettings } from './limits/settings.js';
import { cacheEnvSchema, cacheSettings, type CacheSettings } from './cache/settings.js';

/**
 * The whole runtime configuration, parsed once at boot from the environment. A bad value stops
 * the process with a message naming the variable (see `loadConfig`). Defaults are the embedded,
 * zero-configuration development mode of DESIGN §11.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = z.coerce.number().int().positive();

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** PostgreSQL URL. Absent: an embedded PostgreSQL is started with its data in DATA_DIR. */
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  /** Redis URL. Absent: cache, rate-limit counters and pub/sub stay in process memory. */
  REDIS_URL: url(['redis', 'rediss']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Platform administration token (admin mutations, /internal/*). Absent: administration over HTTP is off. */
  ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  /** GraphiQL at /graphql: on in development, off in production unless set. */
  GRAPHIQL: bool.optional(),
  /** Swagger UI (/api-docs) and the OpenAPI document (/openapi.json, /v1/openapi.json): on in development, off in production unless set. */
  ENABLE_API_DOCS: bool.optional(),
  /** Create the demo organization on an empty development database. */
  DEMO_SEED: bool.default(true),
  /** Apply pending migrations at start-up (always on for the embedded database). */
  MIGRATE_ON_START: bool.default(true),
  /** Largest accepted request body in bytes (DESIGN §12). */
  MAX_BODY_BYTES: positiveInt.default(2 * 1024 * 1024),
  /** Largest accepted workflow, in nodes. */
  MAX_WORKFLOW_NODES: positiveInt.default(5000),
  /** Graceful shutdown deadline: in-flight requests get this long before the process exits. */
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(8000),
  DB_POOL_MAX: positiveInt.default(10),
  /** Prometheus metrics at /metrics (DESIGN §9). */
  ENABLE_METRICS: bool.default(true),
  /** Bearer token /metrics requires when set (any mode). In production, this or METRICS_PORT exposes /metrics. */
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Serve /metrics on this port only (not on PORT), e.g. one that only the scraper reaches. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** How often the business gauges (users, organizations, subscriptions, workflows) are recounted. */
  METRICS_BUSINESS_REFRESH_MS: positiveInt.default(60_000),
  /** GraphQL operation names that get their own label value; later ones are labelled `other`. */
  METRICS_MAX_OPERATION_NAMES: positiveInt.default(50),
  /** Longest wait for a new PostgreSQL connection or a free pool slot; then 503. */
  DB_CONNECT_TIMEOUT_MS: positiveInt.default(5000),
  /** PostgreSQL statement_timeout of request connections; a frozen server is cut 1 s later client-side. */
  DB_STATEMENT_TIMEOUT_MS: positiveInt.default(5000),
  /** How long an idle keep-alive connection stays open: above the usual 60 s of load balancers. */
  KEEP_ALIVE_TIMEOUT_MS: positiveInt.default(65_000),
  /** Origins allowed to call the API from a browser (comma-separated); empty: no CORS at all. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be origins like https://app.example.com, comma-separated'))),
  /** Who may introspect the schema: everyone, callers with a key, or nobody. Default: public in development, authenticated in production. */
  INTROSPECTION: z.enum(['public', 'authenticated', 'off']).optional(),
  /** Most objects one GraphQL query may return, counting page sizes through nested lists. */
  MAX_QUERY_NODES: positiveInt.default(5000),
  /** Run a worker for background analyses inside the API process (so the embedded default works alone). `npm run worker` runs workers only. */
  RUN_WORKER: bool.default(true),
  /** Jobs one worker process runs at once. They wait on the database most of the time, so many is cheap. */
  WORKER_CONCURRENCY: positiveInt.default(100),
  /** Redis key prefix of the job queue (BullMQ); on PostgreSQL the queue lives in the `bullmq` schema. */
  QUEUE_PREFIX: z.string().min(1).max(100).default('wh:bull'),
  /** Tries of one analysis job before it is FAILED; the wait between tries doubles from JOB_BACKOFF_MS. */
  JOB_ATTEMPTS: positiveInt.default(3),
  JOB_BACKOFF_MS: positiveInt.default(1000),
  /** A job whose worker stops renewing its lock this long is stalled and moved back to waiting. */
  JOB_STALLED_MS: positiveInt.default(30_000),
  /** How often the sweeper looks for QUEUED or RUNNING analyses that have no job any more. */
  SWEEP_INTERVAL_MS: positiveInt.default(60_000),
  /** Age after which a QUEUED or RUNNING analysis without a live job is enqueued again. */
  SWEEP_AGE_MS: positiveInt.default(5 * 60_000),
  /** Tiered rate limits and analysis quotas: see src/limits/settings.ts and the README. */
  ...rateLimitEnvSchema,
  /** Response cache: see src/cache/settings.ts and docs/cache.md. */
  ...cacheEnvSchema,
});

export type Config = z.infer<typeof configSchema> & {
  isProduction: boolean;
  graphiql: boolean;
  apiDocs: boolean;
  introspection: 'public' | 'authenticated' | 'off';
  rateLimits: RateLimitSettings;
  cache: CacheSettings;
};

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every bad variable (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, so `FOO= npm start` behaves like no FOO at all.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.DATABASE_URL) {
    throw new ConfigError(['DATABASE_URL: is required when NODE_ENV=production (the embedded database is for development)']);
  }
  const isProduction = c.NODE_ENV === 'production';
  let rateLimits: RateLimitSettings;
  try {
    rateLimits = rateLimitSettings(c);
  } catch (error) {
    throw new ConfigError([(error as Error).message]);
  }
  return {
    ...c,
    isProduction,
    graphiql: c.GRAPHIQL ?? !isProduction,
    apiDocs: c.ENABLE_API_DOCS ?? !isProduction,
    introspection: c.INTROSPECTION ?? (isProduction ? 'authenticated' : 'public'),
    rateLimits,
    cache: cacheSettings(c),
  };
}
