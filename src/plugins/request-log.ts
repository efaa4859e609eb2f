import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { pathOf } from './request-path.js';

/** A client-supplied id is echoed only when it is short and plain (no log injection)… */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** …and does not look like an API key: a key sent as an id was echoed back and logged. */
const KEY_LIKE = /^whk_|^[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/i;

export function acceptedRequestId(given: string | null, authorization: string | null): string | null {
  if (!given || !SAFE_REQUEST_ID.test(given) || KEY_LIKE.test(given)) return null;
  // Nor the bearer token of the same request, whatever it looks like (the admin token).
  if (authorization && authorization.includes(given) && given.length >= 16) return null;
  return given;
}

/**
 * A request's id, start and logger. The logger (a pino child) is made on first use: most
 * requests log nothing but their line, and that only when info is on. A class, not an object
 * literal with a getter: that made a new accessor per request, which V8 keeps only in a slow
 * (dictionary) object.
 */
class RequestInfo {
  readonly startedAt = performance.now();
  #child: Logger | undefined;
  constructor(
    readonly id: string,
    private readonly parent: Logger,
  ) {}
  get log(): Logger {
    return (this.#child ??= this.parent.child({ reqId: this.id }));
  }
}

/**
 * Gives every request an id (`X-Request-Id` accepted or generated), echoes it on the response,
 * and writes one JSON log line per request with the id, route, status and duration. The request
 * logger (a pino child carrying `reqId`) is what resolvers log through, so every line of a
 * request carries its id. Headers and bodies are never logged (they hold keys and workflows).
 */
export function createRequestLog(log: Logger) {
  const requests = new WeakMap<Request, RequestInfo>();

  const register = (request: Request): RequestInfo => {
    const id = acceptedRequestId(request.headers.get('x-request-id'), request.headers.get('authorization')) ?? randomUUID();
    const info = new RequestInfo(id, log);
    requests.set(request, info);
    return info;
  };

  const plugin: Plugin = {
    onRequest({ request }) {
      register(request);
    },
    onResponse({ request, response }) {
      // Requests answered by a plugin that runs before this one (Yoga's own /live) are
      // registered here, so they too carry an id.
      const info = requests.get(request) ?? register(request);
      response.headers.set('x-request-id', info.id);
      const failed = response.status >= 500;
      if (!log.isLevelEnabled(failed ? 'error' : 'info')) return;
      const durationMs = Math.round((performance.now() - info.startedAt) * 100) / 100;
      const line = { method: request.method, path: pathOf(request), status: response.status, durationMs };
      if (failed) info.log.error(line, 'request failed');
      else info.log.info(line, 'request');
    },
  };

  return {
    plugin,
    /** The id and logger of a request seen by the plugin (a fallback for requests it did not see). */
    infoOf(request: Request): RequestInfo {
      return requests.get(request) ?? register(request);
    },
  };
}
