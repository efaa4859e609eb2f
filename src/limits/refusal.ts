import { AppError, type FieldError } from '../errors.js';
import { TIERS, type Tier } from '../db/entities/enums.js';
import type { RateLimitSettings } from './settings.js';

/** Which limit refused a request (also the `kind` label of the rejection counter). */
export type LimitKind = 'requests' | 'api_key_requests' | 'analyses' | 'anonymous' | 'failed_auth';

/** The state of one limit for the caller; all null when it is unlimited. */
export interface LimitWindow {
  limit: number | null;
  remaining: number | null;
  resetAt: Date | null;
}

/** A caller's limits as `viewer.usage` shows them. */
export interface Usage {
  tier: Tier;
  requests: LimitWindow;
  analyses: LimitWindow;
}

export const UNLIMITED: LimitWindow = { limit: null, remaining: null, resetAt: null };

const DESCRIPTIONS: Record<LimitKind, (limit: number) => string> = {
  requests: (n) => `${n} requests per minute for the organization`,
  api_key_requests: (n) => `${n} requests per minute for this API key`,
  analyses: (n) => `${n} analyses per hour for the organization`,
  anonymous: (n) => `${n} requests per minute without an API key from this address`,
  failed_auth: (n) => `${n} failed authentications per minute from this address`,
};

/** The upgrade hint of a refusal: the next tier and its limits. */
export interface UpgradeHint {
  message: string;
  tier: Tier;
  requestsPerMinute: number | null;
  analysesPerHour: number | null;
  url: string;
}

const perMinute = (n: number | null, what: string) => (n === null ? `unlimited ${what}` : `${n} ${what}`);

/** The hint shown to FREE callers; null for the other tiers (they talk to sales, not a URL). */
export function upgradeHint(tier: Tier | null, settings: RateLimitSettings): UpgradeHint | null {
  if (tier !== 'FREE') return null;
  const next = TIERS[TIERS.indexOf(tier) + 1]!;
  const limits = settings.tiers[next];
  const what = `${perMinute(limits.requestsPerMinute, 'requests per minute')} and ${perMinute(limits.analysesPerHour, 'analyses per hour')}`;
  return {
    message: `The FREE tier is limited: upgrade to ${next} for ${what}: ${settings.upgradeUrl}`,
    tier: next,
    requestsPerMinute: limits.requestsPerMinute,
    analysesPerHour: limits.analysesPerHour,
    url: settings.upgradeUrl,
  };
}

/** Seconds a client waits before the window resets (at least 1). */
export function secondsUntil(resetAt: Date | null, now = Date.now()): number {
  return resetAt ? Math.max(1, Math.ceil((resetAt.getTime() - now) / 1000)) : 1;
}

/** The standard headers of a window (draft-ietf-httpapi-ratelimit-headers, delta-seconds reset). */
export function windowHeaders(window: LimitWindow, tier: Tier | null): Record<string, string> {
  const headers: Record<string, string> = {};
  if (window.limit !== null) {
    headers['ratelimit-limit'] = String(window.limit);
    headers['ratelimit-remaining'] = String(window.remaining ?? 0);
    headers['ratelimit-reset'] = String(secondsUntil(window.resetAt));
  }
  if (tier) headers['x-ratelimit-tier'] = tier;
  return headers;
}

/** The analysis quota's own headers (the standard ones describe the request limit). */
export function analysisHeaders(window: LimitWindow): Record<string, string> {
  if (window.limit === null) return {};
  return {
    'x-ratelimit-analyses-limit': String(window.limit),
    'x-ratelimit-analyses-remaining': String(window.remaining ?? 0),
    'x-ratelimit-analyses-reset': String(secondsUntil(window.resetAt)),
  };
}

export interface Refusal {
  kind: LimitKind;
  tier: Tier | null;
  window: LimitWindow;
}

/**
 * The RATE_LIMITED error of a refusal: HTTP 429 with Retry-After and the window's headers; it
 * names the limit in its message and `extensions.limit`, and carries the upgrade hint for FREE in
 * `extensions.upgrade` (GraphQL) and in `details` (what REST shows as `error.details`).
 */
export function rateLimited(refusal: Refusal, settings: RateLimitSettings): AppError {
  const retryAfter = secondsUntil(refusal.window.resetAt);
  const limit = refusal.window.limit ?? 0;
  const described = DESCRIPTIONS[refusal.kind](limit);
  const hint = upgradeHint(refusal.tier, settings);
  const tierText = refusal.tier ? ` (${refusal.tier} tier)` : '';
  const limitDetail: FieldError & Record<string, unknown> = { field: 'limit', message: described, limit: refusal.kind, retryAfter };
  const details: FieldError[] = [limitDetail];
  if (hint) details.push({ field: 'upgrade', ...hint } as FieldError);
  return new AppError('RATE_LIMITED', `Rate limit reached: ${described}${tierText}; retry in ${retryAfter} s.${hint ? ` ${hint.message}` : ''}`, {
    details,
    headers: {
      'retry-after': String(retryAfter),
      ...(refusal.kind === 'analyses' ? { ...analysisHeaders(refusal.window), ...windowHeaders(UNLIMITED, refusal.tier) } : windowHeaders(refusal.window, refusal.tier)),
    },
    extra: { limit: refusal.kind, retryAfter, ...(hint ? { upgrade: hint } : {}) },
  });
}
