import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { migrateUp, openOrm, type Orm } from '../../src/db/orm.js';
import { loadConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { createOrganization, type CreatedOrganization } from '../../src/services/organizations.js';
import { Writable } from 'node:stream';

/**
 * PostgreSQL stopped and frozen under a running app. The cluster is this file's own (an embedded
 * server in a temporary folder, on a Unix socket): the machine's shared PostgreSQL is never touched.
 */

const CONNECT_MS = 500;
const STATEMENT_MS = 800;

let dataDir: string;
let pg: EmbeddedPostgres;
let orm: Orm;
let app: App;
let org: CreatedOrganization;
const logLines: Record<string, any>[] = [];

const start = () => startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: 5499 });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'wh-faults-'));
  pg = await start();
  const migrator = await openOrm({ url: pg.connectionUrl('postgres'), poolMax: 1 });
  await migrateUp(migrator);
  await migrator.close(true);
  orm = await openOrm({ url: pg.connectionUrl('postgres'), poolMax: 4, timeouts: { connectMs: CONNECT_MS, statementMs: STATEMENT_MS } });
  org = await createOrganization(orm.em.fork(), { name: 'Faults', tier: 'PRO', locationName: 'Main', ownerEmail: 'faults@example.test' });
  // No response cache: it would answer these reads from memory while the database is down
  // (which is what it is for); this test is about the answers that need the database.
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://unused@127.0.0.1/unused', LOG_LEVEL: 'silent', CACHE: 'off' });
  const sink = new Writable({ write: (chunk, _enc, done) => (logLines.push(...String(chunk).split('\n').filter(Boolean).map((l) => JSON.parse(l))), done()) });
  app = createApp({ config, orm, log: createLogger('debug', sink) });
}, 120_000);

afterAll(async () => {
  await orm?.close(true).catch(() => undefined);
  await pg?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The postmaster and every backend it forked (read from /proc: their parent is the postmaster). */
function clusterPids(postmaster: number): number[] {
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

const surfaces = (requestId: string) => [
  () =>
    app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}`, 'x-request-id': `${requestId}-gql` },
      body: JSON.stringify({ query: '{ workflows { edges { node { id } } } }' }),
    }),
  () => app.fetch('http://test/v1/locations', { headers: { authorization: `Bearer ${org.apiKey}`, 'x-request-id': `${requestId}-rest` } }),
];

async function expectUnavailable(requestId: string) {
  for (const call of surfaces(requestId)) {
    const started = performance.now();
    const res = await call();
    const elapsed = performance.now() - started;
    const body = await res.json();
    expect(res.status, `${requestId}: ${JSON.stringify(body)}`).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    const code = body.errors?.[0]?.extensions?.code ?? body.error?.code;
    expect(code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|socket|\/tmp\/|at /);
    // Bounded by the configured timeouts (connect + statement + read margin), not by minutes.
    expect(elapsed).toBeLessThan(CONNECT_MS + STATEMENT_MS + 1000 + 3000);
  }
  const logged = logLines.filter((l) => l.msg === 'database unavailable' && String(l.reqId).startsWith(requestId)).map((l) => l.reqId);
  expect(logged.sort()).toEqual([`${requestId}-gql`, `${requestId}-rest`]);
}

async function expectServing() {
  for (const call of surfaces('ok')) expect((await call()).status).toBe(200);
}

describe('database faults', () => {
  it('PostgreSQL stopped: 503 SERVICE_UNAVAILABLE with Retry-After on both surfaces; recovers without a restart', async () => {
    await expectServing();
    await pg.stop();
    await expectUnavailable('stopped');
    pg = await start();
    await expectServing();
  }, 60_000);

  it('PostgreSQL frozen (SIGSTOP on the postmaster and its backends): every request answers within the timeouts', async () => {
    await expectServing();
    const pids = clusterPids(pg.pid);
    expect(pids.length).toBeGreaterThan(1);
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    try {
      await expectUnavailable('frozen');
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    }
    // Connections that timed out while frozen are discarded; new ones serve again.
    await expect.poll(async () => (await surfaces('thawed')[0]!()).status, { timeout: 15_000, interval: 250 }).toBe(200);
    await expectServing();
  }, 60_000);
});
