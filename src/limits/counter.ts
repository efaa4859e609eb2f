import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface CounterOptions {
  /** Shared Redis, or null to count in this process only. */
  redis: Redis | null;
  /** Redis key prefix of this counter (`<prefix>:<key>`). */
  keyPrefix: string;
  /** Points allowed per window: past it `consume` rejects. */
  points: number;
  /** Window length in seconds; a key's window starts with its first point. */
  durationSeconds: number;
}

/**
 * A fixed-window counter of rate-limiter-flexible: in Redis when there is one (atomic, shared by
 * every instance), else in memory. The Redis one has a memory insurance limiter: when Redis is
 * down or not ready the same count goes on in this process, so a Redis outage neither fails a
 * request nor lifts the limits (each instance enforces them on its own until Redis is back).
 */
export function createCounter(options: CounterOptions): RateLimiterAbstract {
  const base = { keyPrefix: options.keyPrefix, points: options.points, duration: options.durationSeconds };
  if (!options.redis) return new RateLimiterMemory(base);
  return new RateLimiterRedis({
    ...base,
    storeClient: options.redis,
    // Do not queue behind a reconnecting client: count in memory at once.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(base),
  });
}
