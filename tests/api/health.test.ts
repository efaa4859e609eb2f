import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Redis } from 'ioredis';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { openOrm } from '../../src/db/orm.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health endpoints', () => {
  it('/live and /ready answer 200 on a migrated database', async () => {
    expect((await t.app.fetch('http://test/live')).status).toBe(200);
    const ready = await t.app.fetch('http://test/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'up' });
  });

  it('/ready answers 503 while shutting down', async () => {
    const app = createApp({ config: t.config, orm: t.orm, log: createLogger('silent'), isShuttingDown: () => true });
    const res = await app.fetch('http://test/ready');
    expect(res.status).toBe(503);
  });

  it('/health/detailed reports the database with its latency, redis and memory', async () => {
    const res = await t.app.fetch('http://test/health/detailed');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.checks.database.status).toBe('up');
    expect(body.checks.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.checks.redis.status).toBe('not_configured');
    expect(body.memory.rssBytes).toBeGreaterThan(0);
  });

  it('reports redis up with a real connection, and degraded (not down) when redis is unreachable', async (ctx) => {
    const redisUrl = inject('redisUrl');
    if (!redisUrl) ctx.skip(); // no Redis on this machine and not under CI (CI fails instead, in global setup)
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    const withRedis = createApp({ config: t.config, orm: t.orm, log: createLogger('silent'), redis });
    const up = await (await withRedis.fetch('http://test/health/detailed')).json();
    expect(up.checks.redis.status).toBe('up');
    redis.disconnect();

    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    dead.on('error', () => undefined); // the client reports its refused connection as an event
    const degraded = createApp({ config: t.config, orm: t.orm, log: createLogger('silent'), redis: dead });
    const res = await degraded.fetch('http://test/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'degraded', database: 'up', redis: 'down' });
    expect((await degraded.fetch('http://test/ready')).status).toBe(200);
  });

  it('/ready answers 503 when migrations are pending', async () => {
    const em = t.orm.em.fork();
    await em.getConnection().execute(`update mikro_orm_migrations set name = name || '_renamed'`);
    try {
      expect((await t.app.fetch('http://test/ready')).status).toBe(503);
    } finally {
      await em.getConnection().execute(`update mikro_orm_migrations set name = replace(name, '_renamed', '')`);
    }
  });
});

describe('HTTP behaviour', () => {
  it('echoes a given X-Request-Id and generates one otherwise', async () => {
    const given = await t.app.fetch('http://test/live', { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const generated = await t.app.fetch('http://test/live', { headers: { 'x-request-id': 'bad id with spaces\n' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('compresses bodies over 1 KB with br or gzip, honouring q-values, and leaves small ones alone', async () => {
    const query = JSON.stringify({ query: '{ __schema { types { name description } } }' });
    const post = (acceptEncoding: string) =>
      t.app.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': acceptEncoding }, body: query });
    expect((await post('gzip, deflate, br')).headers.get('content-encoding')).toBe('br');
    expect((await post('br;q=0, gzip;q=1')).headers.get('content-encoding')).toBe('gzip');
    expect((await post('identity')).headers.get('content-encoding')).toBeNull();
    const small = await t.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(small.headers.get('content-encoding')).toBeNull();
  });

  it('refuses bodies over the limit with 413 and keeps serving', async () => {
    const big = 'x'.repeat(t.config.MAX_BODY_BYTES + 1);
    const res = await t.app.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await t.app.fetch('http://test/live')).status).toBe(200);
  });

  it('refuses a chunked GraphQL body (no Content-Length) over the limit, over HTTP, with 413', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${await t.listen()}/graphql`);
    const chunk = 'x'.repeat(64 * 1024);
    const answer = await new Promise<{ status: number; code: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, code: (JSON.parse(text) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code }));
      });
      req.on('error', reject);
      // Twice the limit in chunks; the server may answer (and close) before the end.
      const send = (left: number): void => {
        if (left <= 0 || req.destroyed) return void req.end();
        if (req.write(chunk)) send(left - chunk.length);
        else req.once('drain', () => send(left - chunk.length));
      };
      send(t.config.MAX_BODY_BYTES * 2);
    });
    expect(answer).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect((await t.graphql('{ __typename }')).status).toBe(200);
  });

  it('masks unexpected errors (here: the database is gone): no internal message, no stack', async () => {
    const org = await t.tenant();
    const gone = await openOrm({ url: t.config.DATABASE_URL!, poolMax: 1 });
    await gone.close(true);
    const app = createApp({ config: t.config, orm: gone, log: createLogger('silent') });
    const res = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}` },
      body: JSON.stringify({ query: '{ locations { id } }' }),
    });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text).errors[0]).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect((await t.app.fetch('http://test/live')).status).toBe(200);
  });
});
