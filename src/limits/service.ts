import type { Redis } from 'ioredis';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Viewer } from '../auth/viewer.js';
import type { Tier } from '../db/entities/enums.js';
import { createRequestMemo } from '../request-memo.js';
import { createCounter } from './counter.js';
import { UNLIMITED, rateLimited, type LimitKind, type LimitWindow, type Refusal } from './refusal.js';
import type { Limit, RateLimitSettings } from './settings.js';

/**
 * Analysis quotas are counted in units so that one counter with one fixed size (the
 * `@rateLimit(limit:)` of the analysis mutations) serves every tier: an analysis costs
 * floor(UNITS / analysesPerHour) units of the caller's tier, so FREE spends the quota in 10
 * analyses and PRO in 100. The result is exact (floor(UNITS / cost) = analysesPerHour) for every
 * limit up to MAX_ANALYSES_PER_HOUR, since UNITS >= n(n + 1); it fits a GraphQL Int.
 */
export const ANALYSIS_QUOTA_UNITS = 1_000_000_000;
/** Analyses are counted per hour. */
export const ANALYSIS_WINDOW_SECONDS = 3600;

/** Who was refused, for the rejection counter (`wh_rate_limit_rejections_total{tier,kind}`). */
export interface RejectionEvent {
  tier: Tier | 'ANONYMOUS';
  kind: LimitKind;
}

export interface RequestCheck {
  /** Null when the request may go on; the refusal otherwise. */
  refusal: Refusal | null;
  /** The tighter of the organization and API-key windows after this request. */
  requests: LimitWindow;
  /** The analysis quota as it stands (read in the same round trip). */
  analyses: LimitWindow;
}

/** What a request has learnt of its caller's limits: sent back as headers and `viewer.usage`. */
export interface RequestUsage {
  tier: Tier | null;
  requests: LimitWindow;
  analyses: LimitWindow | null;
}

export interface LimitsOptions {
  settings: RateLimitSettings;
  /** Shared counters; null keeps them in this process. */
  redis: Redis | null;
  /** Called on every refusal (the metrics plugin counts them by tier and kind). */
  onRejection?: (event: RejectionEvent) => void;
}

/**
 * One instance per app: the counters of every limit and the decisions on them. Requests are
 * counted per organization and per API key (whatever their tier, so a tier change keeps the count
 * and applies the new limit on the next request); analyses per organization and tier; anonymous
 * requests and failed authentications per client IP.
 */
export function createLimits(options: LimitsOptions) {
  const { settings, redis } = options;
  const prefix = settings.keyPrefix;
  const window = settings.windowSeconds;
  // Request counters never refuse by themselves: the caller's tier decides (see check()).
  const counting = (name: string, durationSeconds = window) =>
    createCounter({ redis, keyPrefix: `${prefix}:${name}`, points: Number.MAX_SAFE_INTEGER, durationSeconds });
  const counters = {
    organization: counting('req-org'),
    apiKey: counting('req-key'),
    anonymous: counting('anon-ip'),
    failedAuth: counting('authfail-ip'),
  };
  /** The analysis counter; the @rateLimit directive consumes through this same instance. */
  const analysisLimiter = createCounter({
    redis,
    keyPrefix: `${prefix}:analyses`,
    points: ANALYSIS_QUOTA_UNITS,
    durationSeconds: ANALYSIS_WINDOW_SECONDS,
  });
  const rejectionCounts = new Map<string, number>();
  const usageByRequest = createRequestMemo<RequestUsage>();

  const toWindow = (limit: Limit, res: RateLimiterRes | null): LimitWindow =>
    limit === null
      ? UNLIMITED
      : {
          limit,
          remaining: Math.max(0, limit - (res?.consumedPoints ?? 0)),
          resetAt: new Date(Date.now() + (res ? res.msBeforeNext : window * 1000)),
        };

  const unitCost = (tier: Tier): number => {
    const limit = settings.tiers[tier].analysesPerHour;
    return limit === null ? 0 : Math.floor(ANALYSIS_QUOTA_UNITS / limit);
  };
  const analysisKey = (viewer: Viewer) => `${viewer.organizationId}:${viewer.tier}`;
  const analysisWindow = (tier: Tier, res: RateLimiterRes | null): LimitWindow => {
    const limit = settings.tiers[tier].analysesPerHour;
    if (limit === null) return UNLIMITED;
    const consumed = res?.consumedPoints ?? 0;
    return {
      limit,
      remaining: Math.max(0, Math.floor((ANALYSIS_QUOTA_UNITS - consumed) / unitCost(tier))),
      resetAt: new Date(Date.now() + (res ? res.msBeforeNext : ANALYSIS_WINDOW_SECONDS * 1000)),
    };
  };

  /**
   * A key's requests are all requests of its organization, so a per-key limit at or above the
   * organization's can never refuse first: it is then not counted (one Redis command less).
   */
  const keyLimitBinds = (tier: Tier) => {
    const { requestsPerMinute: org, requestsPerMinutePerKey: key } = settings.tiers[tier];
    return key !== null && (org === null || key < org);
  };

  const tighter = (a: LimitWindow, b: LimitWindow): LimitWindow => (b.limit !== null && (a.limit === null || b.remaining! < a.remaining!) ? b : a);

  const reject = (refusal: Refusal): Refusal => {
    const event: RejectionEvent = { tier: refusal.tier ?? 'ANONYMOUS', kind: refusal.kind };
    const label = `${event.tier}:${event.kind}`;
    rejectionCounts.set(label, (rejectionCounts.get(label) ?? 0) + 1);
    options.onRejection?.(event);
    return refusal;
  };

  /** Counts one point on a per-IP limit; a refusal once the limit is passed. */
  const countPerIp = async (counter: RateLimiterAbstract, limit: Limit, kind: LimitKind, ip: string) => {
    if (limit === null) return { refusal: null, window: UNLIMITED };
    const res = await counter.consume(ip);
    const result = toWindow(limit, res);
    return { refusal: res.consumedPoints > limit ? reject({ kind, tier: null, window: result }) : null, window: result };
  };

  return {
    settings,
    enabled: settings.enabled,
    analysisLimiter,

    /** Counts a request of an authenticated caller on its organization and API key. */
    async checkRequest(viewer: Viewer): Promise<RequestCheck> {
      const tier = settings.tiers[viewer.tier];
      const [org, key, analyses] = await Promise.all([
        tier.requestsPerMinute === null ? null : counters.organization.consume(viewer.organizationId),
        keyLimitBinds(viewer.tier) ? counters.apiKey.consume(viewer.apiKeyId) : null,
        unitCost(viewer.tier) === 0 ? null : analysisLimiter.get(analysisKey(viewer)),
      ]);
      const orgWindow = toWindow(tier.requestsPerMinute, org);
      const keyWindow = key ? toWindow(tier.requestsPerMinutePerKey, key) : UNLIMITED;
      const analysisState = analysisWindow(viewer.tier, analyses);
      let refusal: Refusal | null = null;
      if (org && org.consumedPoints > tier.requestsPerMinute!) refusal = reject({ kind: 'requests', tier: viewer.tier, window: orgWindow });
      else if (key && key.consumedPoints > tier.requestsPerMinutePerKey!) {
        refusal = reject({ kind: 'api_key_requests', tier: viewer.tier, window: keyWindow });
      }
      return { refusal, requests: tighter(orgWindow, keyWindow), analyses: analysisState };
    },

    /** The caller's request window now, without counting (the tighter of organization and key). */
    async readRequests(viewer: Viewer): Promise<LimitWindow> {
      if (!settings.enabled) return UNLIMITED;
      const tier = settings.tiers[viewer.tier];
      const [org, key] = await Promise.all([
        counters.organization.get(viewer.organizationId),
        keyLimitBinds(viewer.tier) ? counters.apiKey.get(viewer.apiKeyId) : null,
      ]);
      return tighter(toWindow(tier.requestsPerMinute, org), keyLimitBinds(viewer.tier) ? toWindow(tier.requestsPerMinutePerKey, key) : UNLIMITED);
    },

    /** Counts a request without an API key from `ip`. */
    async checkAnonymous(ip: string): Promise<{ refusal: Refusal | null; window: LimitWindow }> {
      return countPerIp(counters.anonymous, settings.anonymousPerMinute, 'anonymous', ip);
    },

    /** A refusal when `ip` has already failed to authenticate too often in this window. */
    async failedAuthRefusal(ip: string): Promise<Refusal | null> {
      const limit = settings.failedAuthPerMinute;
      if (limit === null) return null;
      const res = await counters.failedAuth.get(ip);
      return res && res.consumedPoints >= limit ? reject({ kind: 'failed_auth', tier: null, window: toWindow(limit, res) }) : null;
    },

    /** Counts a failed authentication from `ip`. */
    async recordFailedAuth(ip: string): Promise<void> {
      if (settings.failedAuthPerMinute !== null) await counters.failedAuth.consume(ip);
    },

    /**
     * Units that `count` analyses cost the caller's tier (0 when unlimited or limits are off):
     * what the @rateLimit points calculator returns.
     */
    analysisUnits(viewer: Viewer, count: number): number {
      return settings.enabled ? unitCost(viewer.tier) * count : 0;
    },

    /** The caller's analysis quota after a consumption by the directive (its setState). */
    analysisWindowOf(viewer: Viewer, res: RateLimiterRes): LimitWindow {
      return analysisWindow(viewer.tier, res);
    },

    /** The caller's analysis quota now (one read). */
    async readAnalyses(viewer: Viewer): Promise<LimitWindow> {
      if (!settings.enabled || unitCost(viewer.tier) === 0) return UNLIMITED;
      return analysisWindow(viewer.tier, await analysisLimiter.get(analysisKey(viewer)));
    },

    /**
     * Charges `count` analyses to the caller's organization outside the @rateLimit directive
     * (batches, background re-analysis): RATE_LIMITED when the hour's quota cannot cover them
     * (and nothing is charged). Pass the request context to update its
     * quota headers. Returns the quota left.
     */
    async consumeAnalyses(viewer: Viewer, count: number, context?: object): Promise<LimitWindow> {
      const units = this.analysisUnits(viewer, count);
      if (units === 0) return this.readAnalyses(viewer);
      try {
        const left = analysisWindow(viewer.tier, await analysisLimiter.consume(analysisKey(viewer), units));
        if (context) this.noteAnalyses(context, left);
        return left;
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        // The refused attempt was counted: give it back so smaller requests may still pass.
        await analysisLimiter.reward(analysisKey(viewer), units);
        throw this.refuseAnalyses(viewer, error);
      }
    },

    /** Gives back `count` analyses charged by consumeAnalyses whose work did not run. */
    async refundAnalyses(viewer: Viewer, count: number, context?: object): Promise<void> {
      const units = this.analysisUnits(viewer, count);
      if (units > 0) await this.refundAnalysisUnits(context ?? {}, viewer, units);
    },

    /** Gives back units charged to a call that failed (see analysis-quota.ts). */
    async refundAnalysisUnits(context: object, viewer: Viewer, units: number): Promise<void> {
      const res = await analysisLimiter.reward(analysisKey(viewer), units);
      this.noteAnalyses(context, analysisWindow(viewer.tier, res));
    },

    /** The RATE_LIMITED error of an analysis refused by the quota (counted as a rejection). */
    refuseAnalyses(viewer: Viewer, res: RateLimiterRes) {
      return rateLimited(reject({ kind: 'analyses', tier: viewer.tier, window: analysisWindow(viewer.tier, res) }), settings);
    },

    /** Remembers the usage checked for a request (keyed on its server context). */
    rememberUsage(serverContext: object, usage: RequestUsage): void {
      usageByRequest.set(serverContext, usage);
    },

    /** The usage remembered for a request; null when it was not checked (limits off, admin). */
    usageOf(context: object): RequestUsage | null {
      return usageByRequest.get(context) ?? null;
    },

    /** Records the analysis quota left after this request's consumption (for the headers). */
    noteAnalyses(context: object, analyses: LimitWindow): void {
      const usage = usageByRequest.get(context);
      if (usage) usage.analyses = analyses;
    },

    /** The analysis key of a caller (the directive's key generator). */
    analysisKey,

    /** Refusals so far on this instance, by `tier:kind` (a snapshot). */
    rejections(): Record<string, number> {
      return Object.fromEntries(rejectionCounts);
    },
  };
}

export type Limits = ReturnType<typeof createLimits>;
