import type { Plugin } from 'graphql-yoga';
import { tokensEqual } from '../auth/api-key-secret.js';
import type { ResponseCache } from '../cache/response-cache.js';

export const CACHE_STATS_PATH = '/internal/cache-stats';

/**
 * GET /internal/cache-stats: the response cache of this instance (backend, hits, misses, hit
 * rate, entries, bytes, evictions, invalidations; overall and per kind). Platform administration:
 * `Authorization: Bearer <ADMIN_TOKEN>`, else 401; without ADMIN_TOKEN configured it does not
 * exist (404), like the rest of administration over HTTP.
 */
export function useCacheStats(options: { cache: ResponseCache | null; adminToken: string | undefined }): Plugin {
  const json = (fetchAPI: { Response: typeof Response }, status: number, body: unknown, headers: Record<string, string> = {}) =>
    new fetchAPI.Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } });
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname !== CACHE_STATS_PATH) return;
      const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      if (!options.adminToken) return endResponse(json(fetchAPI, 404, { error: { code: 'NOT_FOUND', message: 'Not found' } }));
      if (!token || !tokensEqual(token, options.adminToken)) {
        return endResponse(
          json(fetchAPI, 401, { error: { code: 'UNAUTHENTICATED', message: 'The cache statistics need the platform ADMIN_TOKEN as a bearer token' } }, { 'www-authenticate': 'Bearer' }),
        );
      }
      if (request.method !== 'GET') return endResponse(json(fetchAPI, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Use GET' } }, { allow: 'GET' }));
      if (!options.cache) return endResponse(json(fetchAPI, 200, { enabled: false }));
      endResponse(json(fetchAPI, 200, { enabled: true, ...(await options.cache.report()) }));
    },
  };
}
