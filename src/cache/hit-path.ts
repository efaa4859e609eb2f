import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Viewer } from '../auth/viewer.js';
import { API_KEY_PREFIX } from '../auth/api-key-secret.js';
import type { Limits, RequestCheck } from '../limits/service.js';
import { analysisHeaders, windowHeaders, type Refusal } from '../limits/refusal.js';
import { clientIp } from '../limits/client-ip.js';
import { setPrecount } from '../limits/precount.js';
import { acceptedRequestId } from '../plugins/request-log.js';
import { negotiateEncoding } from '../plugins/compression.js';
import { noneMatchHits } from '../plugins/rest-http.js';
import type { HttpMetrics } from '../metrics/http.js';
import { corsOptions } from '../app.js';
import type { SessionCache } from './sessions.js';
import { hitKey, rememberHitKey, sessionScope, type HitEntry, type ResponseCache } from './response-cache.js';

const gzipAsync = promisify(gzip);
const BEARER = /^Bearer\s+(\S+)\s*$/i;
const COMPRESS_FROM_BYTES = 1024;

export type NextHandler = () => void;

export interface HitPathOptions {
  cache: ResponseCache;
  limits: Limits;
  config: Config;
  log: Logger;
  /** The instance's resolved API keys (shared with Yoga's authentication). */
  sessions: SessionCache;
  httpMetrics?: HttpMetrics | null;
}

/**
 * Answers cached reads before Yoga (issue 14): a hit through Yoga pays its whole per-request
 * cost, which caps cached throughput at a few percent of a bare node:http server.
 *
 * It serves REST GETs, GraphQL GETs and GraphQL POSTs (JSON) that carry an API key, from
 * entries written beside the Envelop cache's on a miss (same tags, so the same invalidations),
 * keyed on the caller's scope and the request as received. The caller comes from an in-process
 * cache of resolved keys (no SQL on a hit; evicted on revocation on every instance). A hit still
 * counts the rate limits (in the same Redis round trip as the look-up) and sends what the normal
 * path sends: X-Request-Id, the rate-limit headers, nosniff, `Cache-Control: no-store`, CORS,
 * the ETag (and 304) of REST, gzip when accepted, `X-Cache: HIT`. Anything else — a miss, no
 * key, an unknown key, a refusal, a body the HTTP server did not read — goes to Yoga unchanged.
 * Entries come from this instance's near copies when it holds them (near.ts), else from the store.
 */
export function createHitPath(options: HitPathOptions) {
  const { cache, limits, config, log } = options;
  const cors = corsOptions(config);
  const { sessions } = options;

  return (req: IncomingMessage, res: ServerResponse, next: NextHandler): void => {
    const method = req.method;
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const graphql = path === '/graphql';
    if (!(graphql || (path.startsWith('/v1/') && !path.endsWith('/openapi.json')))) return next();
    if (method !== 'GET' && !(method === 'POST' && graphql)) return next();
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !token.startsWith(API_KEY_PREFIX)) return next();
    if (method === 'GET') {
      if (graphql && query < 0) return next();
      return handle(req, res, next, token, path, '');
    }
    // Small JSON bodies were read by the HTTP server (http-server.ts); others go to Yoga unread.
    const body = (req as IncomingMessage & { body?: Buffer }).body;
    if (!body?.length || !(req.headers['content-type'] ?? '').includes('application/json')) return next();
    handle(req, res, next, token, path, body.toString('utf8'));
  };

  /**
   * A hit whose caller and entry are both in this process's memory, with no limit to count in
   * Redis, is answered synchronously (no promise on the way: a fifth of the cost of a hit);
   * everything else takes `serve`.
   */
  function handle(req: IncomingMessage, res: ServerResponse, next: NextHandler, token: string, path: string, body: string): void {
    const viewer = limits.enabled ? undefined : sessions.peek(token);
    const entry = viewer && cache.peekHit(hitKey(sessionScope(viewer), req.method!, req.url!, req.headers.accept ?? '', body));
    if (!viewer || !entry || (wantsGzip(req, entry) && !entry.gzip)) {
      void serve(req, res, next, token, path, body);
      return;
    }
    const started = performance.now();
    try {
      send(req, res, viewer, entry, null, path);
    } catch (error) {
      return couldNotAnswer(error, res, next);
    }
    served(req, res, entry, path, started);
  }

  async function serve(req: IncomingMessage, res: ServerResponse, next: NextHandler, token: string, path: string, body: string): Promise<void> {
    const started = performance.now();
    let viewer: Viewer;
    try {
      viewer = await sessions.resolve(token);
    } catch {
      return next(); // Yoga answers 401 and counts the failed attempt
    }
    let entry: HitEntry | null = null;
    let check: RequestCheck | null = null;
    let blocked: Refusal | null = null;
    try {
      const key = hitKey(sessionScope(viewer), req.method!, req.url!, req.headers.accept ?? '', body);
      const ip = limits.enabled ? clientIp(headersOf(req), { req }, limits.settings.trustProxyHops) : '';
      [entry, check, blocked] = await Promise.all([
        cache.readHit(key),
        limits.enabled ? limits.checkRequest(viewer).catch(() => null) : null,
        limits.enabled ? limits.failedAuthRefusal(ip).catch(() => null) : null,
      ]);
      if (limits.enabled) setPrecount(req, { apiKeyId: viewer.apiKeyId, check, blocked });
      if (!entry) rememberHitKey(req, key);
    } catch (error) {
      log.warn({ err: { name: (error as Error).name } }, 'cache hit path failed; answering through Yoga');
      return next();
    }
    if (!entry || blocked || check?.refusal) return next();
    try {
      await answer(req, res, viewer, entry, check, path);
    } catch (error) {
      return couldNotAnswer(error, res, next);
    }
    served(req, res, entry, path, started);
  }

  /** A hit that could not be sent: Yoga answers instead, unless bytes are out already. */
  function couldNotAnswer(error: unknown, res: ServerResponse, next: NextHandler): void {
    log.warn({ err: { name: (error as Error).name } }, 'cache hit path could not answer');
    if (!res.headersSent) return next();
    res.destroy();
  }

  function served(req: IncomingMessage, res: ServerResponse, entry: HitEntry, path: string, started: number): void {
    cache.countHit(entry);
    // Checked first (debug implies info): a child logger per hit is a real cost at high rates.
    if (log.isLevelEnabled('info')) {
      const requestLog = log.child({ reqId: res.getHeader('x-request-id') });
      requestLog.debug({ kind: entry.k }, 'response cache hit (hit path)');
      requestLog.info({ method: req.method, path, status: res.statusCode, durationMs: Math.round((performance.now() - started) * 100) / 100, cache: 'HIT' }, 'request');
    }
  }

  async function answer(req: IncomingMessage, res: ServerResponse, viewer: Viewer, entry: HitEntry, check: RequestCheck | null, path: string) {
    // Made once per entry: a near-cached entry serves it to every later hit.
    if (wantsGzip(req, entry)) entry.gzip ??= await gzipAsync(entry.body, { level: 6 });
    send(req, res, viewer, entry, check, path);
  }

  function send(req: IncomingMessage, res: ServerResponse, viewer: Viewer, entry: HitEntry, check: RequestCheck | null, path: string): void {
    const finish = options.httpMetrics?.start(req.method!, path);
    const authorization = req.headers.authorization ?? null;
    const given = req.headers['x-request-id'];
    const requestId = acceptedRequestId(typeof given === 'string' ? given : null, authorization) ?? randomUUID();
    const headers: Record<string, string> = {
      'x-request-id': requestId,
      'x-cache': 'HIT',
      'x-content-type-options': 'nosniff',
      // Tenant data: never stored by shared caches, on hits as on misses.
      'cache-control': 'no-store',
      ...(check ? { ...windowHeaders(check.requests, viewer.tier), ...analysisHeaders(check.analyses) } : {}),
      ...corsHeaders(req.headers.origin, cors),
    };
    if (entry.e) {
      headers.etag = entry.e;
      const ifNoneMatch = req.headers['if-none-match'];
      if (ifNoneMatch && noneMatchHits(ifNoneMatch, entry.e)) {
        res.writeHead(304, headers);
        res.end();
        finish?.(304);
        return;
      }
    }
    headers['content-type'] = entry.t;
    let payload = entry.body;
    if (entry.gzip && wantsGzip(req, entry)) {
      payload = entry.gzip;
      headers['content-encoding'] = 'gzip';
      headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding';
    }
    headers['content-length'] = String(payload.length);
    res.writeHead(200, headers);
    res.end(payload);
    finish?.(200);
  }
}

function wantsGzip(req: IncomingMessage, entry: HitEntry): boolean {
  return entry.body.length >= COMPRESS_FROM_BYTES && gzipAccepted(req.headers['accept-encoding']);
}

/** gzip when the client accepts it at all (br is not produced here; gzip is a valid choice then). */
function gzipAccepted(header: string | undefined): boolean {
  if (!header) return false;
  return negotiateEncoding(header.replace(/\bbr\b/gi, 'x-none')) === 'gzip';
}

function headersOf(req: IncomingMessage): Request {
  return { headers: { get: (name: string) => (req.headers[name.toLowerCase()] as string | undefined) ?? null } } as unknown as Request;
}

/** The CORS headers Yoga sends for our options (see corsOptions in app.ts), for a request with an Origin. */
function corsHeaders(origin: string | undefined, options: ReturnType<typeof corsOptions>): Record<string, string> {
  if (!options || !origin) return {};
  const headers: Record<string, string> = {};
  if (options.origin.length === 1) headers['access-control-allow-origin'] = options.origin[0]!;
  else if (options.origin.includes(origin)) {
    headers['access-control-allow-origin'] = origin;
    headers.vary = 'Origin';
  } else headers['access-control-allow-origin'] = 'null';
  headers['access-control-allow-methods'] = options.methods.join(', ');
  headers['access-control-allow-headers'] = options.allowedHeaders.join(', ');
  headers['access-control-expose-headers'] = options.exposedHeaders.join(', ');
  headers['access-control-max-age'] = String(options.maxAge);
  return headers;
}
