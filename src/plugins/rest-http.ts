import { hash } from 'node:crypto';
import type { FetchAPI, Plugin } from 'graphql-yoga';
import { REST_BASE_PATH } from './rest-route.js';
import type { RestRoute } from './rest-route.js';

/**
 * HTTP semantics of REST answers, applied after Sofa answered and before compression:
 * - GETs carry an ETag and answer 304 to a matching `If-None-Match`; HEAD answers like GET
 *   without the body;
 * - creates (201) carry `Location`; DELETE answers 204 without a body;
 * - a CONFLICT on a PATCH whose version came from `If-Match` is 412 PRECONDITION_FAILED.
 */

/** What the gate learnt about a REST request, for its answer. */
export interface RestExchange {
  route: RestRoute;
  head: boolean;
  ifNoneMatch: string | null;
  /** The expected version came from `If-Match`. */
  ifMatch: boolean;
}

/**
 * The ETag of a JSON answer: a hash of its bytes (stable: the same data always serialises the
 * same), prefixed with the version for versioned resources so that `If-Match` can name it.
 */
export function etagOf(text: string, version?: unknown): string {
  // One-shot crypto.hash: no Hash object per answer (same bytes as createHash's digest).
  const digest = hash('sha256', text, 'base64url').slice(0, 22);
  return typeof version === 'number' ? `"v${version}-${digest}"` : `"${digest}"`;
}

/** The version an `If-Match` ETag names (`"v3-…"` → 3); null when it names none. */
export function versionOfEtag(header: string): number | null {
  const match = /^\s*(?:W\/)?"v(\d{1,9})-[A-Za-z0-9_-]*"\s*$/.exec(header);
  return match ? Number(match[1]) : null;
}

/** `If-None-Match` against an ETag (weak comparison, lists and `*` allowed). */
export function noneMatchHits(header: string, etag: string): boolean {
  const plain = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || plain(tag) === plain(etag));
}

export function useRestResponses(exchanges: WeakMap<Request, RestExchange>): Plugin {
  return {
    // Synchronous for answers that are not REST's (an async hook costs every answer a promise).
    onResponse({ request, response, setResponse, fetchAPI }) {
      const exchange = exchanges.get(request);
      if (exchange) return restAnswer(exchange, response, setResponse, fetchAPI);
    },
  };
}

async function restAnswer(exchange: RestExchange, response: Response, setResponse: (response: Response) => void, fetchAPI: FetchAPI): Promise<void> {
  const { route } = exchange;
  const headers = new fetchAPI.Headers(response.headers);

  if (exchange.ifMatch && response.status === 409) {
    const body = (await response.json()) as { error: { message: string } };
    headers.delete('content-length');
    const error = { code: 'PRECONDITION_FAILED', message: `If-Match: ${body.error.message}` };
    return setResponse(new fetchAPI.Response(JSON.stringify({ error }), { status: 412, headers }));
  }
  if (response.status < 200 || response.status > 299) {
    if (exchange.head) setResponse(new fetchAPI.Response(null, { status: response.status, headers }));
    return;
  }
  if (route.status === 204) {
    headers.delete('content-type');
    headers.delete('content-length');
    return setResponse(new fetchAPI.Response(null, { status: 204, headers }));
  }

  const text = await response.text();
  // Parsed only when something is read from it (a list page's JSON is parsed by nobody else).
  const creates = (route.status === 201 || route.status === 202) && !!route.created;
  let body: any;
  if (creates || route.versioned) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (creates && body) headers.set('location', `${REST_BASE_PATH}${route.created!(body)}`);
  if (route.method === 'GET' || route.versioned) {
    const etag = etagOf(text, route.versioned ? body?.version : undefined);
    headers.set('etag', etag);
    if (route.method === 'GET' && exchange.ifNoneMatch && noneMatchHits(exchange.ifNoneMatch, etag)) {
      for (const name of ['content-type', 'content-length']) headers.delete(name);
      return setResponse(new fetchAPI.Response(null, { status: 304, headers }));
    }
  }
  headers.set('content-length', String(Buffer.byteLength(text)));
  setResponse(new fetchAPI.Response(exchange.head ? null : text, { status: response.status, headers }));
}
