import { unauthenticated } from '../errors.js';
import type { Config } from '../config.js';
import { createRequestMemo } from '../request-memo.js';
import type { SessionCache } from '../cache/sessions.js';
import { API_KEY_PREFIX, tokensEqual } from './api-key-secret.js';
import type { Viewer } from './viewer.js';

/** Who sent a request: an API key's viewer, the platform administrator, or nobody. */
export interface Caller {
  viewer: Viewer | null;
  /** The request carried the platform ADMIN_TOKEN. */
  platformAdmin: boolean;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Authenticates each request once: the rate limiter needs the caller before anything else runs,
 * and the context factory then gets the same Viewer (or the same UNAUTHENTICATED error) without a
 * second key look-up. Keys resolve through the instance's session cache (one SQL query per key
 * and CACHE_SESSION_TTL_MS); a revocation, a tier, role or location change is broadcast to every
 * instance, which forgets the keys it touched before the mutation answers.
 */
export function createRequestAuth(deps: { config: Config; sessions: SessionCache }) {
  const memo = createRequestMemo<Promise<Caller>>();

  async function authenticate(request: Request): Promise<Caller> {
    const authorization = request.headers.get('authorization');
    if (!authorization) return { viewer: null, platformAdmin: false };
    const token = BEARER.exec(authorization)?.[1];
    if (!token) throw unauthenticated('The Authorization header must be "Bearer <API key>"');
    if (!token.startsWith(API_KEY_PREFIX) && deps.config.ADMIN_TOKEN && tokensEqual(token, deps.config.ADMIN_TOKEN)) {
      return { viewer: null, platformAdmin: true };
    }
    return { viewer: await deps.sessions.resolve(token), platformAdmin: false };
  }

  return {
    /** The caller of the request whose server context (or GraphQL/REST context) this is. */
    callerOf(context: object, request: Request): Promise<Caller> {
      return memo.get(context) ?? memo.set(context, authenticate(request));
    },
  };
}

export type RequestAuth = ReturnType<typeof createRequestAuth>;
