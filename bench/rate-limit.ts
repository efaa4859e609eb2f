/**
 * The rate limiter's own cost per request: `limits.checkRequest(viewer)` as the HTTP plugin calls
 * it for every authenticated request (organization counter consumed, analysis quota read, sent in
 * one write by the server's Redis client), timed one request after another so each figure is
 * a full round trip. Authentication is not included (the request pays it with or without limits).
 * Keys under a unique prefix, deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { createLimits } from '../src/limits/service.js';
import { connectRedis } from '../src/runtime.js';
import { createLogger } from '../src/logger.js';
import { DEFAULT_TIER_LIMITS, type RateLimitSettings } from '../src/limits/settings.js';
import type { Viewer } from '../src/auth/viewer.js';

export interface LimiterFigures {
  backend: string;
  iterations: number;
  p50: number;
  p99: number;
  mean: number;
}

const ITERATIONS = Number(process.env.BENCH_LIMITER_ITERATIONS ?? 20_000);

async function measure(backend: string, redis: Redis | null, prefix: string): Promise<LimiterFigures> {
  const settings: RateLimitSettings = {
    enabled: true,
    // High limits: the figure is the cost of counting, not of refusing.
    tiers: { ...DEFAULT_TIER_LIMITS, PRO: { requestsPerMinute: 10_000_000, requestsPerMinutePerKey: 10_000_000, analysesPerHour: 100, batchSize: 100 } },
    anonymousPerMinute: 60,
    failedAuthPerMinute: 10,
    windowSeconds: 60,
    keyPrefix: prefix,
    upgradeUrl: 'https://example.test/upgrade',
    trustProxyHops: 0,
  };
  const limits = createLimits({ settings, redis });
  const viewer = { organizationId: 'bench-org', apiKeyId: 'bench-key', tier: 'PRO' } as Viewer;
  for (let i = 0; i < 2_000; i++) await limits.checkRequest(viewer); // warm-up (JIT, script cache)
  const samples = new Float64Array(ITERATIONS);
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    const check = await limits.checkRequest(viewer);
    samples[i] = performance.now() - start;
    if (check.refusal) throw new Error('the limiter bench was refused: limits too low');
  }
  samples.sort();
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { backend, iterations: ITERATIONS, p50: at(0.5), p99: at(0.99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

/** The floor: one PING round trip on the same connection, timed the same way. */
async function pingRoundTrip(redis: Redis): Promise<LimiterFigures> {
  const samples = new Float64Array(ITERATIONS);
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    await redis.ping();
    samples[i] = performance.now() - start;
  }
  samples.sort();
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { backend: 'baseline: one Redis PING round trip', iterations: ITERATIONS, p50: at(0.5), p99: at(0.99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

/** Figures in memory and, when it answers, with Redis at `redisUrl`. */
export async function benchRateLimiter(redisUrl: string): Promise<LimiterFigures[]> {
  const prefix = `wh:bench:${randomBytes(6).toString('hex')}:rl`;
  const figures = [await measure('memory (no REDIS_URL)', null, prefix)];
  // The server's own client (src/runtime.ts), with its options.
  const redis = connectRedis(redisUrl, createLogger('silent'));
  try {
    await new Promise<void>((resolve, reject) => {
      redis.once('ready', () => resolve());
      setTimeout(() => reject(new Error(`${redisUrl} did not answer`)), 3_000).unref();
    });
    const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
    figures.push(await measure(`Redis ${version} on ${new URL(redisUrl).hostname}`, redis, prefix));
    figures.push(await pingRoundTrip(redis));
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch (error) {
    console.error(`[bench:api] rate limiter with Redis not measured: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
  return figures;
}

export function limiterSection(figures: LimiterFigures[], machine: string): string {
  const ms = (n: number) => n.toFixed(3);
  const redis = figures.find((f) => f.backend.startsWith('Redis'));
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  return `## Rate limiter

\`npm run bench:api\` (or \`npm run bench:api -- --limiter-only\`), ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.

The limiter's cost per authenticated request: \`limits.checkRequest(viewer)\` as the rate-limit plugin calls it (organization
counter consumed, analysis quota read, and the API-key counter when its limit is below the organization's; sent in one
write by the server's Redis client), ${figures[0]?.iterations.toLocaleString('en')} requests one
after another after a warm-up, in ms (bench/rate-limit.ts). The API figures above run with \`RATE_LIMITS=off\` so that they
measure the queries alone.

| counters | p50 | p99 | mean |
|---|---:|---:|---:|
${figures.map((f) => `| ${f.backend} | ${ms(f.p50)} | ${ms(f.p99)} | ${ms(f.mean)} |`).join('\n')}

Load average while measuring (1 / 5 / 15 min): ${load}; on a shared machine the Redis figures follow that load.

Target: p50 < 0.2 ms with Redis: **${redis ? (redis.p50 < 0.2 ? 'holds' : 'MISSED') : 'not measured'}**.
`;
}
