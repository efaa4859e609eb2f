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
import { createSessionCache } from './sessions.js';
import { hitKey, rememberHitKey, sessionScope, type HitEntry, type ResponseCache } from './response-cache.js';

const gzipAsync = promisify(gzip);
const BEARER = /^Bearer\s+(\S+)\s*$/i;
/** GraphQL POST bodies read here at most (larger ones go to Yoga unread, under its own limit). */
const MAX_BODY_BYTES = 64 * 1024;
const COMPRESS_FROM_BYTES = 1024;

export type NextHandler = () => void;

export interface HitPathOptions {
  cache: ResponseCache;
  limits: Limits;
  config: Config;
  log: Logger;
  /** Resolves an API key to its viewer (one SQL query); the hit path caches the answer. */
  authenticate: (token: string) => Promise<Viewer>;
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
 * key, an unknown key, a refusal, a body it does not read — goes to Yoga unchanged (a body it
 * has read travels on as `req.body`, which the fetch adapter takes).
 */
export function createHitPath(options: HitPathOptions) {
  const { cache, limits, config, log } = options;
  const cors = corsOptions(config);
  const sessions = createSessionCache({ ttlMs: config.cache.sessionTtlMs, broadcast: cache.sessions, authenticate: options.authenticate });

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
      void serve(req, res, next, token, path, '');
      return;
    }
    const length = Number(req.headers['content-length']);
    if (!(req.headers['content-type'] ?? '').includes('application/json') || !(length > 0 && length <= MAX_BODY_BYTES) || req.headers['content-encoding']) return next();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('error', () => undefined);
    req.once('end', () => {
      const body = Buffer.concat(chunks);
      // The fetch adapter builds the Request from this when the stream is already consumed.
      (req as IncomingMessage & { body?: Buffer }).body = body;
      if (body.length === 0) return next();
      void serve(req, res, next, token, path, body.toString('utf8'));
    });
  };

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
      log.warn({ err: { name: (error as Error).name } }, 'cache hit path could not answer');
      if (!res.headersSent) return next();
      res.destroy();
      return;
    }
    cache.countHit(entry);
    // Checked first (debug implies info): a child logger per hit is a real cost at high rates.
    if (log.isLevelEnabled('info')) {
      const requestLog = log.child({ reqId: res.getHeader('x-request-id') });
      requestLog.debug({ kind: entry.k }, 'response cache hit (hit path)');
      requestLog.info({ method: req.method, path, status: res.statusCode, durationMs: Math.round((performance.now() - started) * 100) / 100, cache: 'HIT' }, 'request');
    }
  }

  async function answer(req: IncomingMessage, res: ServerResponse, viewer: Viewer, entry: HitEntry, check: RequestCheck | null, path: string) {
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
    let payload: Buffer | string = entry.b;
    const size = Buffer.byteLength(entry.b);
    if (size >= COMPRESS_FROM_BYTES && gzipAccepted(req.headers['accept-encoding'])) {
      payload = await gzipAsync(entry.b, { level: 6 });
      headers['content-encoding'] = 'gzip';
      headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding';
    }
    headers['content-length'] = String(typeof payload === 'string' ? size : payload.length);
    res.writeHead(200, headers);
    res.end(payload);
    finish?.(200);
  }
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
