import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { getSchema } from './schema/index.js';
import type { AppDeps, RequestContext } from './context.js';
import { unauthenticated } from './errors.js';
import { authenticateApiKey } from './auth/authenticate.js';
import { API_KEY_PREFIX, tokensEqual } from './auth/api-key-secret.js';
import { createRequestLog } from './plugins/request-log.js';
import { useCompression } from './plugins/compression.js';
import { useHealthEndpoints } from './plugins/health.js';
import { useBodyLimit } from './plugins/body-limit.js';
import { useQueryLimits } from './plugins/query-limits.js';
import { useRestApi } from './plugins/rest.js';
import { createErrorMasking } from './plugins/error-masking.js';
import { useSecurityHeaders } from './plugins/security-headers.js';
import { useIntrospectionPolicy } from './plugins/introspection.js';

export interface CreateAppOptions extends AppDeps {
  redis?: Redis | null;
  isShuttingDown?: () => boolean;
}

export type App = YogaServerInstance<Record<string, unknown>, RequestContext>;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Builds the whole HTTP application (GraphQL, probes, and the plugins that carry the
 * cross-cutting concerns) without listening, so tests can call `app.fetch()` in-process.
 */
export function createApp(options: CreateAppOptions): App {
  const { config, orm, log } = options;
  const requestLog = createRequestLog(log);
  const errorMasking = createErrorMasking({
    logOf: (request) => requestLog.infoOf(request).log,
    showInternalMessages: config.NODE_ENV === 'development',
    hideSuggestions: config.isProduction,
  });

  return createYoga<Record<string, unknown>, RequestContext>({
    schema: getSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: config.graphiql ? { title: 'Workflow Health API' } : false,
    landingPage: false,
    // Browsers may call the API only from the configured origins; none by default. Keys travel
    // in the Authorization header, never in cookies, so no credentials mode.
    cors: config.CORS_ORIGINS.length
      ? {
          origin: config.CORS_ORIGINS,
          credentials: false,
          methods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
          allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id'],
          exposedHeaders: ['x-request-id', 'retry-after'],
          maxAge: 600,
        }
      : false,
    healthCheckEndpoint: '/live',
    logging: {
      debug: (...args) => log.debug({ yoga: args.map(String).join(' ') }),
      info: (...args) => log.info({ yoga: args.map(String).join(' ') }),
      warn: (...args) => log.warn({ yoga: args.map(String).join(' ') }),
      // Yoga reports every GraphQL error here with its full message, which for a database error
      // is the failed statement with the request's data inlined. Dropped: expected errors need no
      // log line, and unexpected ones are logged once, redacted, by maskError below.
      error: () => undefined,
    },
    maskedErrors: { maskError: (error) => errorMasking.maskError(error) },
    plugins: [
      requestLog.plugin,
      useSecurityHeaders(),
      errorMasking.plugin,
      ...errorMasking.guard([
        useHealthEndpoints({ orm, redis: options.redis, isShuttingDown: options.isShuttingDown }),
        useBodyLimit(config.MAX_BODY_BYTES),
        useCompression({ thresholdBytes: 1024 }),
        ...useQueryLimits({ blockFieldSuggestions: config.isProduction, maxNodes: config.MAX_QUERY_NODES }),
        useIntrospectionPolicy(config.introspection),
        ...useRestApi({ errorMasking }),
      ]),
    ],
    context: async ({ request }): Promise<RequestContext> => {
      const { id, log: requestLogger } = requestLog.infoOf(request);
      const em = orm.em.fork();
      let viewer = null;
      let platformAdmin = false;
      const authorization = request.headers.get('authorization');
      if (authorization) {
        const token = BEARER.exec(authorization)?.[1];
        if (!token) throw unauthenticated('The Authorization header must be "Bearer <API key>"');
        if (!token.startsWith(API_KEY_PREFIX) && config.ADMIN_TOKEN && tokensEqual(token, config.ADMIN_TOKEN)) {
          platformAdmin = true;
        } else {
          viewer = await authenticateApiKey(em, token);
        }
      }
      return { requestId: id, log: requestLogger, em, viewer, platformAdmin, deps: { config, orm, log } };
    },
  });
}
