import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Orm } from '../db/orm.js';
import { tokensEqual } from '../auth/api-key-secret.js';
import type { AppMetrics } from '../metrics/app-metrics.js';
import { errorResponse } from './error-response.js';
import { pathOf } from './request-path.js';

export const METRICS_PATH = '/metrics';

export interface MetricsPluginOptions {
  metrics: AppMetrics;
  orm: Orm;
  redis?: Redis | null;
  /** Serve /metrics on this app's port (false: it is served elsewhere, and 404 here). */
  serve: boolean;
  /** Bearer token a scrape must carry. Default: none. */
  token?: string;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Whether a request may read the metrics: no token configured, or the right bearer. */
export function scrapeAllowed(authorization: string | null, token: string | undefined): boolean {
  if (!token) return true;
  const given = authorization ? BEARER.exec(authorization)?.[1] : undefined;
  return !!given && tokensEqual(given, token);
}

/** The registry's text exposition, not cached by anything in between. */
export async function metricsResponse(metrics: AppMetrics, fetchAPI: { Response: typeof Response }): Promise<Response> {
  return new fetchAPI.Response(await metrics.registry.metrics(), {
    headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' },
  });
}

/**
 * Prometheus metrics (DESIGN §9) as Yoga plugins. Listed first in the app so request timing
 * starts before anything else runs:
 * - HTTP families for every request on every surface, with bounded route templates;
 * - the Envelop phase metrics (`@graphql-yoga/plugin-prometheus`) on the app's own registry;
 * - GraphQL errors by the code the client received;
 * - the database statements of `orm` while the app lives (stopped by `app.dispose()`);
 * - `/metrics` itself (the library's endpoint is off: it has no access control).
 */
export function useMetrics(options: MetricsPluginOptions): Plugin[] {
  const { metrics, serve, token } = options;
  // Keyed by the server context (one per request, from start to end): a plugin that rewrites
  // the request (the REST gate does) hands onResponse a different Request object.
  const ends = new WeakMap<object, (status: number) => void>();
  let stopDatabase: (() => void) | null = null;

  const http: Plugin = {
    onPluginInit() {
      stopDatabase ??= metrics.db.observe(options.orm);
      if (options.redis) metrics.watchRedis(options.redis);
    },
    onRequest({ request, url, serverContext }) {
      ends.set(serverContext, metrics.http.start(request.method, url.pathname));
    },
    onResponse({ request, response, serverContext }) {
      // A request Yoga answers before any plugin runs (its /live check) starts here: it costs
      // next to nothing, and counting it beats leaving it out.
      const end = ends.get(serverContext) ?? metrics.http.start(request.method, pathOf(request));
      ends.delete(serverContext);
      end(response.status);
    },
    onDispose() {
      stopDatabase?.();
      stopDatabase = null;
    },
  };

  const errors: Plugin = {
    onResultProcess({ result }) {
      if (Symbol.asyncIterator in Object(result)) return;
      const results = Array.isArray(result) ? result : [result];
      for (const one of results as { errors?: readonly { extensions?: { code?: unknown } }[] }[]) {
        if (one?.errors?.length) metrics.graphql.errors(one.errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : undefined)));
      }
    },
  };

  const endpoint: Plugin = {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (!serve || url.pathname !== METRICS_PATH) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
      }
      if (!scrapeAllowed(request.headers.get('authorization'), token)) {
        return endResponse(
          errorResponse(fetchAPI, url.pathname, 'UNAUTHENTICATED', 'Metrics need "Authorization: Bearer <METRICS_TOKEN>"', {
            headers: { 'www-authenticate': 'Bearer' },
          }),
        );
      }
      return metricsResponse(metrics, fetchAPI).then(endResponse);
    },
  };

  return [http, endpoint, usePrometheus({ ...metrics.graphql.envelopConfig, endpoint: false }), errors];
}
