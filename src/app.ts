import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { getSchema } from './schema/index.js';
import { lazyRequestMembers, type AppDeps, type RequestContext } from './context.js';
import type { Config } from './config.js';
import { createRequestAuth } from './auth/request-auth.js';
import { createInstanceSessions, type InstanceSessions } from './cache/sessions.js';
import { createLimits, type Limits, type RejectionEvent } from './limits/service.js';
import { applyAnalysisQuota } from './limits/analysis-quota.js';
import { createRequestLog } from './plugins/request-log.js';
import { useCompression } from './plugins/compression.js';
import { useHealthEndpoints } from './plugins/health.js';
import { useBodyLimit } from './plugins/body-limit.js';
import { useQueryLimits } from './plugins/query-limits.js';
import { useRestApi } from './plugins/rest.js';
import { useMetrics } from './plugins/metrics.js';
import { createAppMetrics, type AppMetrics } from './metrics/app-metrics.js';
import { metricsAccess } from './metrics/access.js';
import { renderGraphiQLPage, useGraphiQLAssets } from './plugins/graphiql.js';
import { createErrorMasking } from './plugins/error-masking.js';
import { useSecurityHeaders } from './plugins/security-headers.js';
import { useIntrospectionPolicy } from './plugins/introspection.js';
import { useRateLimit } from './plugins/rate-limit.js';
import { createResponseCache, type ResponseCache } from './cache/response-cache.js';
import { useCacheStats } from './plugins/cache-stats.js';
import { useOrderedExecution } from './plugins/ordered-execution.js';

export interface CreateAppOptions extends Omit<AppDeps, 'limits' | 'sessionEvents'> {
  /** The instance's broadcast and resolved API keys; default: the app's own, on `redis`. */
  sessions?: InstanceSessions;
  redis?: Redis | null;
  isShuttingDown?: () => boolean;
  /** This instance's metrics. Default: created here when metrics are enabled; null: none. */
  metrics?: AppMetrics | null;
  /** The counters of rate limits and quotas; default: new ones from config.rateLimits on `redis`. */
  limits?: Limits;
  /** Also called on every rate-limit refusal (the app's metrics count them already). */
  onRateLimitRejection?: (event: RejectionEvent) => void;
  /** The response cache; default: a new one from config.cache on `redis` (none when CACHE=off). */
  cache?: ResponseCache | null;
}

/**
 * Browsers may call the API only from the configured origins; none by default. Keys travel in
 * the Authorization header, never in cookies, so no credentials mode. The cache's hit path sends
 * the same headers (hit-path.ts).
 */
export function corsOptions(config: Config) {
  return config.CORS_ORIGINS.length
    ? {
        origin: config.CORS_ORIGINS,
        credentials: false,
        methods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
        allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id'],
        exposedHeaders: [
          'x-request-id',
          'retry-after',
          'ratelimit-limit',
          'ratelimit-remaining',
          'ratelimit-reset',
          'x-ratelimit-tier',
          'x-ratelimit-analyses-limit',
          'x-ratelimit-analyses-remaining',
          'x-ratelimit-analyses-reset',
          'x-cache',
        ],
        maxAge: 600,
      }
    : false;
}

/** Yoga's user context: what the context factory returns (`em` and `log` are defined lazily beside it). */
type BuiltContext = Omit<RequestContext, 'em' | 'log'>;
export type App = YogaServerInstance<Record<string, unknown>, BuiltContext>;

/**
 * Builds the whole HTTP application (GraphQL, probes, and the plugins that carry the
 * cross-cutting concerns) without listening, so tests can call `app.fetch()` in-process.
 */
export function createApp(options: CreateAppOptions): App {
  const { config, orm, log } = options;
  const requestLog = createRequestLog(log);
  const access = metricsAccess(config);
  const metrics = options.metrics === undefined ? (access.enabled ? createAppMetrics({ maxOperationNames: config.METRICS_MAX_OPERATION_NAMES }) : null) : options.metrics;
  const errorMasking = createErrorMasking({
    logOf: (request) => requestLog.infoOf(request).log,
    showInternalMessages: config.NODE_ENV === 'development',
    hideSuggestions: config.isProduction,
  });
  const onRejection = (event: RejectionEvent) => {
    metrics?.rateLimits.rejected(event);
    options.onRateLimitRejection?.(event);
  };
  const limits = options.limits ?? createLimits({ settings: config.rateLimits, redis: options.redis ?? null, onRejection });
  const ownSessions = options.sessions ? null : createInstanceSessions({ config, orm, redis: options.redis ?? null, log });
  const { broadcast: sessionEvents, keys } = options.sessions ?? ownSessions!;
  const auth = createRequestAuth({ config, sessions: keys });
  const cache =
    options.cache !== undefined
      ? options.cache
      : config.cache.enabled
        ? createResponseCache({ settings: config.cache, redis: options.redis ?? null, log, metrics: metrics?.cache, broadcast: sessionEvents })
        : null;
  const deps: AppDeps = { config, orm, log, limits, metrics, cache, sessionEvents, jobs: options.jobs ?? null };
  const defineLazyMembers = lazyRequestMembers(orm, (context) => requestLog.infoOf((context as { request: Request }).request).log);

  return createYoga<Record<string, unknown>, BuiltContext>({
    schema: limits.enabled ? applyAnalysisQuota(getSchema(), limits) : getSchema(),
    graphqlEndpoint: '/graphql',
    // useBodyLimit (below) enforces MAX_BODY_BYTES first, on declared and chunked bodies alike.
    // Yoga's own limiter (25 MB) would pipe every GraphQL body through a TransformStream: a stream
    // pipeline and an aborted AbortController (a DOMException with its stack) per request.
    maxRequestBodySize: false,
    graphiql: config.graphiql ? { title: 'Workflow Health API' } : false,
    renderGraphiQL: renderGraphiQLPage,
    landingPage: false,
    // Browsers may call the API only from the configured origins; none by default. Keys travel
    // in the Authorization header, never in cookies, so no credentials mode.
    cors: corsOptions(config),
    healthCheckEndpoint: '/live',
    logging: {
      // Yoga logs at debug several times per request: the line is built only when debug is on.
      debug: (...args) => {
        if (log.isLevelEnabled('debug')) log.debug({ yoga: args.map(String).join(' ') });
      },
      info: (...args) => log.info({ yoga: args.map(String).join(' ') }),
      warn: (...args) => log.warn({ yoga: args.map(String).join(' ') }),
      // Yoga reports every GraphQL error here with its full message, which for a database error
      // is the failed statement with the request's data inlined. Dropped: expected errors need no
      // log line, and unexpected ones are logged once, redacted, by maskError below.
      error: () => undefined,
    },
    maskedErrors: { maskError: (error) => errorMasking.maskError(error) },
    plugins: [
      ...(ownSessions ? [{ onDispose: () => ownSessions.broadcast.close() }] : []),
      ...(metrics ? useMetrics({ metrics, orm, redis: options.redis, serve: access.onAppPort, token: access.token }) : []),
      requestLog.plugin,
      ...useOrderedExecution(),
      useSecurityHeaders(),
      errorMasking.plugin,
      ...errorMasking.guard([
        useHealthEndpoints({ orm, redis: options.redis, isShuttingDown: options.isShuttingDown, queue: options.jobs ? () => options.jobs!.status() : undefined }),
        ...(limits.enabled ? [useRateLimit({ limits, auth, log })] : []),
        useBodyLimit(config.MAX_BODY_BYTES),
        // Before compression: REST answers get their ETag from the uncompressed JSON.
        ...useRestApi({ errorMasking, apiDocs: config.apiDocs }),
        // After REST (its ETag is in the answer), before compression (entries are stored plain).
        ...(cache ? [...cache.envelopPlugins, cache.httpPlugin] : []),
        useCacheStats({ cache, adminToken: config.ADMIN_TOKEN }),
        useCompression({ thresholdBytes: 1024 }),
        ...useQueryLimits({ blockFieldSuggestions: config.isProduction, maxNodes: config.MAX_QUERY_NODES }),
        useIntrospectionPolicy(config.introspection),
        ...(config.graphiql ? [useGraphiQLAssets()] : []),
      ]),
    ],
    context: async (initialContext): Promise<BuiltContext> => {
      const { request } = initialContext;
      const info = requestLog.infoOf(request);
      defineLazyMembers(initialContext);
      // Authenticated once per request: the rate limiter may have done it already.
      const { viewer, platformAdmin } = await auth.callerOf(initialContext, request);
      return { requestId: info.id, viewer, platformAdmin, deps };
    },
  });
}
