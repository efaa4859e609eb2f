import type { Plugin } from 'graphql-yoga';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RequestAuth } from '../auth/request-auth.js';
import type { Limits } from '../limits/service.js';
import { clientIp } from '../limits/client-ip.js';
import { analysisHeaders, rateLimited, windowHeaders, type Refusal } from '../limits/refusal.js';
import { errorResponse } from './error-response.js';
import { precountOf } from '../limits/precount.js';

export interface RateLimitPluginOptions {
  limits: Limits;
  /** Authenticates each request once; the context factory reuses the answer. */
  auth: RequestAuth;
  log: Logger;
  /** Paths under limits (default: GraphQL and REST; probes, metrics and docs are not limited). */
  isLimited?: (pathname: string) => boolean;
}

/** GraphQL (`/graphql`) and REST (`/v1`): the two surfaces that share one budget. */
export const defaultIsLimited = (pathname: string) =>
  pathname === '/graphql' || pathname.startsWith('/graphql/') || pathname === '/v1' || pathname.startsWith('/v1/');

/**
 * Requests per minute, counted at the HTTP level before anything else runs (a response-cache hit
 * included), so a REST call and a GraphQL call draw from the same budget:
 * - with an API key: per organization and per API key, at the limits of the organization's tier;
 * - without one: per client IP;
 * - a failed authentication counts against its IP, which past the limit gets 429 without its key
 *   being looked at (keys cannot be guessed at speed).
 * The platform administrator (ADMIN_TOKEN) is not limited. Every limited response carries
 * RateLimit-Limit/-Remaining/-Reset, X-RateLimit-Tier and the analysis quota headers.
 * If the counters cannot be read (Redis failing with no insurance left) the request goes on: a
 * limiter outage must not become an API outage.
 */
export function useRateLimit(options: RateLimitPluginOptions): Plugin {
  const { limits, auth, log } = options;
  const isLimited = options.isLimited ?? defaultIsLimited;
  let fetchAPI: { Response: typeof Response } | undefined;

  const refusalResponse = (pathname: string, refusal: Refusal) => {
    const error = rateLimited(refusal, limits.settings);
    const { http: _http, code: _code, details: _details, ...extensions } = error.extensions as Record<string, unknown>;
    return errorResponse(fetchAPI!, pathname, 'RATE_LIMITED', error.message, {
      details: error.details,
      headers: (error.extensions.http as { headers: Record<string, string> }).headers,
      extensions,
    });
  };

  return {
    onYogaInit({ yoga }) {
      fetchAPI = yoga.fetchAPI;
    },
    async onRequest({ request, url, serverContext, endResponse }) {
      if (!isLimited(url.pathname)) return;
      try {
        const ip = clientIp(request, serverContext, limits.settings.trustProxyHops);
        if (!request.headers.has('authorization')) {
          const anonymous = await limits.checkAnonymous(ip);
          limits.rememberUsage(serverContext, { tier: null, requests: anonymous.window, analyses: null });
          if (anonymous.refusal) endResponse(refusalResponse(url.pathname, anonymous.refusal));
          return;
        }
        const precount = precountOf(serverContext);
        const blocked = precount ? precount.blocked : await limits.failedAuthRefusal(ip);
        if (blocked) return endResponse(refusalResponse(url.pathname, blocked));
        let caller;
        try {
          caller = await auth.callerOf(serverContext, request);
        } catch (error) {
          // The context factory answers the same 401; here it only counts against the address.
          if (error instanceof AppError && error.code === 'UNAUTHENTICATED') await limits.recordFailedAuth(ip);
          return;
        }
        if (!caller.viewer) return;
        // Counted by the cache's hit path already when it looked the answer up (same key).
        const check = precount?.check && precount.apiKeyId === caller.viewer.apiKeyId ? precount.check : await limits.checkRequest(caller.viewer);
        limits.rememberUsage(serverContext, { tier: caller.viewer.tier, requests: check.requests, analyses: check.analyses });
        if (check.refusal) endResponse(refusalResponse(url.pathname, check.refusal));
      } catch (error) {
        log.warn({ err: { name: (error as Error).name } }, 'rate limiter unavailable: request not counted');
      }
    },
    onResponse({ serverContext, response }) {
      const usage = limits.usageOf(serverContext);
      if (!usage) return;
      const headers = { ...windowHeaders(usage.requests, usage.tier), ...(usage.analyses ? analysisHeaders(usage.analyses) : {}) };
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    },
  };
}
