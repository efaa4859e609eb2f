import type { RequestCheck } from './service.js';
import type { Refusal } from './refusal.js';

/**
 * A request the cache's hit path already counted (it counts while it looks the answer up, in the
 * same Redis round trip) and then handed to Yoga: the rate-limit plugin uses these results instead
 * of counting the request a second time.
 */
export interface Precount {
  apiKeyId: string;
  /** Null when the counters could not be read. */
  check: RequestCheck | null;
  /** The client IP's failed-authentication refusal, if any. */
  blocked: Refusal | null;
}

const PRECOUNT = Symbol('wh.precount');

export function setPrecount(req: object, precount: Precount): void {
  (req as Record<symbol, Precount>)[PRECOUNT] = precount;
}

/** The precount of the node request behind a Yoga server context, if any. */
export function precountOf(serverContext: object): Precount | undefined {
  return (serverContext as { req?: Record<symbol, Precount> }).req?.[PRECOUNT];
}
