import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TIERS, type Tier } from '../db/entities/enums.js';

/**
 * The numbers of the tier table (DESIGN §6), as configuration. Defaults are the table's; a JSON
 * file (RATE_LIMITS_FILE) replaces any of them, and the environment variables below replace the
 * file. `null` (JSON) or `unlimited` (environment) lifts a limit.
 */

/** A limit: a positive count per window, or null for unlimited. */
export type Limit = number | null;

export interface TierLimits {
  /** Requests per window (a minute by default) for the whole organization, both surfaces. */
  requestsPerMinute: Limit;
  /** Requests per window for one API key; at most the organization's makes it a per-key cap. */
  requestsPerMinutePerKey: Limit;
  /** Analyses per hour for the organization (`analyzeWorkflow`, `analyzeDefinition`, each workflow of a batch). */
  analysesPerHour: Limit;
  /** Most workflows one batch analysis may hold (DESIGN §6: 10 / 100 / 1,000). */
  batchSize: Limit;
}

export interface RateLimitSettings {
  /** False with RATE_LIMITS=off: nothing is counted or refused, and no headers are sent. */
  enabled: boolean;
  tiers: Record<Tier, TierLimits>;
  /** Requests without an API key, per client IP and window. */
  anonymousPerMinute: Limit;
  /** Failed authentications per client IP and window; past it the IP gets 429 until the window ends. */
  failedAuthPerMinute: Limit;
  /** Length of the request windows in seconds (60; tests shorten it). */
  windowSeconds: number;
  /** Prefix of every Redis key the limiter writes. */
  keyPrefix: string;
  /** Where the upgrade hint of a FREE refusal points. */
  upgradeUrl: string;
  /**
   * Proxy hops in front of the server whose X-Forwarded-For entries are trusted (0: none, the
   * client IP is the socket address).
   */
  trustProxyHops: number;
}

/** Analyses per hour above this must be written as unlimited (see ANALYSIS_QUOTA_UNITS). */
export const MAX_ANALYSES_PER_HOUR = 30_000;

export const DEFAULT_TIER_LIMITS: Record<Tier, TierLimits> = {
  FREE: { requestsPerMinute: 20, requestsPerMinutePerKey: 20, analysesPerHour: 10, batchSize: 10 },
  PRO: { requestsPerMinute: 100, requestsPerMinutePerKey: 100, analysesPerHour: 100, batchSize: 100 },
  ENTERPRISE: { requestsPerMinute: 500, requestsPerMinutePerKey: 500, analysesPerHour: 1000, batchSize: 1000 },
};

const limit = z.union([z.number().int().positive(), z.null()]);
const envLimit = z
  .string()
  .regex(/^(unlimited|[1-9]\d{0,8})$/, 'must be a positive integer or "unlimited"')
  .transform((v) => (v === 'unlimited' ? null : Number(v)));
const analysesLimit = (schema: z.ZodType<Limit>) =>
  schema.refine((v) => v === null || v <= MAX_ANALYSES_PER_HOUR, `must be at most ${MAX_ANALYSES_PER_HOUR} (or unlimited)`);

const tierFileSchema = z
  .object({
    requestsPerMinute: limit.optional(),
    requestsPerMinutePerKey: limit.optional(),
    analysesPerHour: analysesLimit(limit).optional(),
    batchSize: limit.optional(),
  })
  .strict();

/** The JSON file: every key optional. */
const fileSchema = z
  .object({
    tiers: z.object({ FREE: tierFileSchema.optional(), PRO: tierFileSchema.optional(), ENTERPRISE: tierFileSchema.optional() }).strict().optional(),
    anonymousPerMinute: limit.optional(),
    failedAuthPerMinute: limit.optional(),
    upgradeUrl: z.string().url().optional(),
  })
  .strict();

const TIER_ENV: Record<keyof TierLimits, string> = {
  requestsPerMinute: 'REQUESTS_PER_MINUTE',
  requestsPerMinutePerKey: 'REQUESTS_PER_MINUTE_PER_KEY',
  analysesPerHour: 'ANALYSES_PER_HOUR',
  batchSize: 'BATCH_SIZE',
};

/** The environment variables of rate limiting, merged into the configuration schema (src/config.ts). */
export const rateLimitEnvSchema = {
  /** `off` disables rate limiting (local benchmarks, tests that are not about limits). */
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  /** A JSON file with any of the limits (see docs/rest.md); the variables below win over it. */
  RATE_LIMITS_FILE: z.string().min(1).optional(),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  RATE_LIMIT_KEY_PREFIX: z.string().min(1).max(100).default('wh:rl'),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: envLimit.optional(),
  RATE_LIMIT_FAILED_AUTH_PER_MINUTE: envLimit.optional(),
  UPGRADE_URL: z.string().url().optional(),
  /** Trusted proxy hops for X-Forwarded-For: `false`/0 (default), `true` (= 1), or a count. */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})$/, 'must be true, false or a number of proxy hops')
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v)))
    .default(0),
  ...Object.fromEntries(
    TIERS.flatMap((tier) =>
      (Object.keys(TIER_ENV) as (keyof TierLimits)[]).map((key) => [
        `RATE_LIMIT_${tier}_${TIER_ENV[key]}`,
        (key === 'analysesPerHour' ? analysesLimit(envLimit) : envLimit).optional(),
      ]),
    ),
  ),
} as const;

type Env = Record<string, unknown>;

/**
 * The effective settings: defaults, then the file, then the environment. Throws an Error naming
 * the file or the variable at fault; loadConfig turns it into a ConfigError.
 */
export function rateLimitSettings(env: Env, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): RateLimitSettings {
  let file: z.infer<typeof fileSchema> = {};
  const path = env.RATE_LIMITS_FILE as string | undefined;
  if (path) {
    let text: string;
    try {
      text = readFile(path);
    } catch (error) {
      throw new Error(`RATE_LIMITS_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`RATE_LIMITS_FILE: ${path} is not valid JSON`);
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`RATE_LIMITS_FILE: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    file = parsed.data;
  }

  const pick = (envValue: unknown, fileValue: Limit | undefined, fallback: Limit): Limit =>
    envValue !== undefined ? (envValue as Limit) : fileValue !== undefined ? fileValue : fallback;

  const tiers = Object.fromEntries(
    TIERS.map((tier) => {
      const fromFile = file.tiers?.[tier] ?? {};
      const limits = Object.fromEntries(
        (Object.keys(TIER_ENV) as (keyof TierLimits)[]).map((key) => [
          key,
          pick(env[`RATE_LIMIT_${tier}_${TIER_ENV[key]}`], fromFile[key], DEFAULT_TIER_LIMITS[tier][key]),
        ]),
      ) as unknown as TierLimits;
      // A per-key limit never set follows the organization's (one key may use the whole budget).
      const keySet = env[`RATE_LIMIT_${tier}_REQUESTS_PER_MINUTE_PER_KEY`] !== undefined || fromFile.requestsPerMinutePerKey !== undefined;
      if (!keySet) limits.requestsPerMinutePerKey = limits.requestsPerMinute;
      return [tier, limits];
    }),
  ) as Record<Tier, TierLimits>;

  return {
    enabled: env.RATE_LIMITS !== 'off',
    tiers,
    anonymousPerMinute: pick(env.RATE_LIMIT_ANONYMOUS_PER_MINUTE, file.anonymousPerMinute, 60),
    failedAuthPerMinute: pick(env.RATE_LIMIT_FAILED_AUTH_PER_MINUTE, file.failedAuthPerMinute, 10),
    windowSeconds: (env.RATE_LIMIT_WINDOW_SECONDS as number | undefined) ?? 60,
    keyPrefix: (env.RATE_LIMIT_KEY_PREFIX as string | undefined) ?? 'wh:rl',
    upgradeUrl: (env.UPGRADE_URL as string | undefined) ?? file.upgradeUrl ?? 'https://workflow-health.example/pricing',
    trustProxyHops: (env.TRUST_PROXY as number | undefined) ?? 0,
  };
}
