import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

/**
 * Redis dies mid-test: a PRIVATE redis-server on a free port (never the shared one), killed with
 * SIGKILL. Requests must not fail, and each instance must still enforce the limits on its own
 * (rate-limiter-flexible's memory insurance limiter).
 */

let redis: ChildProcess | null = null;
let t: TestApp | null = null;
afterAll(async () => {
  await t?.close();
  redis?.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startPrivateRedis(): Promise<string> {
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined); // refused while the server starts: retried below
    try {
      await probe.connect();
      await probe.ping();
      return url;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      probe.disconnect();
    }
  }
  throw new Error('private redis-server did not start');
}

it('Redis killed mid-flight: no 5xx, and each instance still enforces the limit on its own', async () => {
  const url = await startPrivateRedis();
  t = await createTestApp({ RATE_LIMITS: 'on' }, { redis: url });
  const b = await t.sibling();
  const org = await t.tenant('FREE');
  for (let i = 0; i < 6; i++) expect((await (i % 2 ? b : t).rest('GET', '/v1/me', undefined, org.apiKey)).status).toBe(200);
  expect((await t.rest('GET', '/v1/me', undefined, org.apiKey)).headers.get('ratelimit-remaining')).toBe('13');

  redis!.kill('SIGKILL');
  await new Promise<void>((resolve) => (redis!.exitCode !== null ? resolve() : redis!.once('exit', () => resolve())));

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
