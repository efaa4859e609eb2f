import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';
import { getSchema } from './schema/index.js';
import type { AppDeps, RequestContext } from './context.js';
import { unauthenticated } from './errors.js';
import { pgCode } from './db/pg-errors.js';
import { loggableError } from './log-safe-error.js';
import { UNSTORABLE_TEXT_CODES } from './db/storable-text.js';
import { authenticateApiKey } from './auth/authenticate.js';
import { API_KEY_PREFIX, tokensEqual } from './auth/api-key-secret.js';
import { createRequestLog } from './plugins/request-log.js';
import { useCompression } from './plugins/compression.js';
import { useHealthEndpoints } from './plugins/health.js';
import { useBodyLimit } from './plugins/body-limit.js';
import { useQueryLimits } from './plugins/query-limits.js';
import { useRestApi } from './plugins/rest.js';
import { renderGraphiQLPage, useGraphiQLAssets } from './plugins/graphiql.js';

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

  return createYoga<Record<string, unknown>, RequestContext>({
    schema: getSchema(),
    graphqlEndpoint: '/graphql',
    graphiql: config.graphiql ? { title: 'Workflow Health API' } : false,
    renderGraphiQL: renderGraphiQLPage,
    landingPage: false,
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
    maskedErrors: {
      maskError(error, _message, isDev) {
        if (error instanceof GraphQLError) {
          const original = error.originalError;
          // Our AppErrors and graphql-js's own errors (parse, validation, variable coercion) are
          // written to be shown; the located wrapper keeps their extensions and adds the path.
          if (!original || original instanceof GraphQLError) {
            // Yoga's request parser adds the JSON parser's message, which quotes the body.
            // Yoga's request parser adds the JSON parser's message, which quotes the body: dropped.
            // Yoga reads "no originalError" as a spec error that answers 200 to application/json;
            // `spec: false` keeps the 400 it answered before.
            if (error.extensions.code === 'BAD_REQUEST' && error.extensions.originalError) {
              const extensions = error.extensions as Record<string, any>;
              delete extensions.originalError;
              extensions.http = { ...extensions.http, spec: false };
            }
            if (error.extensions.code || error.path) return error;
            // Variable coercion (an unknown enum value, a string for an Int…) is bad input.
            return new GraphQLError(error.message, {
              nodes: error.nodes,
              source: error.source,
              positions: error.positions,
              originalError: original,
              extensions: { ...error.extensions, code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        }
        const cause = error instanceof GraphQLError ? error.originalError : error;
        // Text PostgreSQL cannot store that got past the edge checks is still the client's input.
        if (UNSTORABLE_TEXT_CODES.has(pgCode(cause) ?? '')) {
          return new GraphQLError('A text value contains a character that cannot be stored (NUL or an unpaired surrogate)', {
            nodes: error instanceof GraphQLError ? error.nodes : undefined,
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          });
        }
        log.error({ err: loggableError(cause) }, 'unexpected error');
        return new GraphQLError(isDev && !config.isProduction ? `Internal server error: ${(cause as Error)?.message}` : 'Internal server error', {
          extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 500 } },
        });
      },
    },
    plugins: [
      requestLog.plugin,
      useHealthEndpoints({ orm, redis: options.redis, isShuttingDown: options.isShuttingDown }),
      useBodyLimit(config.MAX_BODY_BYTES),
      // Before compression: REST answers get their ETag from the uncompressed JSON.
      ...useRestApi({ log, apiDocs: config.apiDocs }),
      useCompression({ thresholdBytes: 1024 }),
      ...useQueryLimits({ blockFieldSuggestions: config.isProduction }),
      ...(config.graphiql ? [useGraphiQLAssets()] : []),
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
