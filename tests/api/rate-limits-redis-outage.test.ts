import { afterAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { startPrivateRedis } from '../support/private-redis.js';

/**
 * Redis dies mid-test: a PRIVATE redis-server on a free port (never the shared one), killed with
 * SIGKILL. Requests must not fail, and each instance must still enforce the limits on its own
 * (rate-limiter-flexible's memory insurance limiter).
 */

let redis: Awaited<ReturnType<typeof startPrivateRedis>> | null = null;
let t: TestApp | null = null;
afterAll(async () => {
  await t?.close();
  await redis?.kill();
});

it('Redis killed mid-flight: no 5xx, and each instance still enforces the limit on its own', async () => {
  redis = await startPrivateRedis();
  t = await createTestApp({ RATE_LIMITS: 'on' }, { redis: redis.url });
  const b = await t.sibling();
  const org = await t.tenant('FREE');
  for (let i = 0; i < 6; i++) expect((await (i % 2 ? b : t).rest('GET', '/v1/me', undefined, org.apiKey)).status).toBe(200);
  expect((await t.rest('GET', '/v1/me', undefined, org.apiKey)).headers.get('ratelimit-remaining')).toBe('13');

  await redis.kill();

  for (const instance of [t, b]) {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = i % 2 ? await instance.graphql('{ viewer { tier } }', {}, org.apiKey) : await instance.rest('GET', '/v1/me', undefined, org.apiKey);
      statuses.push(res.status);
    }
    // Each instance counts in its own memory from the outage on: 20 pass, then 429; never a 5xx.
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
    expect(statuses.slice(20)).toEqual([429, 429]);
  }
});
