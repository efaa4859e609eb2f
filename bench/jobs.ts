/**
 * `npm run bench:jobs`: background analysis throughput. A fresh database `wh_bench_jobs` gets
 * 10,000 distinct n8n workflows (the corpus in tests/fixtures, cycled, each copy renamed so no
 * result is reused); then, on each backend (Redis when REDIS_URL or the local one answers, and
 * PostgreSQL) with 1 and 2 worker processes (`npm run worker`, default WORKER_CONCURRENCY), one
 * 10,000-workflow batch is started and timed until COMPLETED. Prints analyses per second and
 * writes them into BENCHMARKS.md under `## Background jobs`, with the machine's load average.
 * DATABASE_URL: an administrative connection (default local postgres). BENCH_JOBS_WORKFLOWS
 * changes the batch size; BENCH_JOBS_RUNS=redis:1,postgres:2 picks runs; BENCH_CPU_PROF=1 writes a
 * CPU profile of each worker to .bench-prof/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { migrateUp, openOrm } from '../src/db/orm.js';
import { createOrganization } from '../src/services/organizations.js';
import { prepareDefinition } from '../src/services/workflows.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startJobs } from '../src/jobs/index.js';
import { TenantScope } from '../src/db/tenant-scope.js';
import { createBatch } from '../src/services/background-analyses.js';
import { describeMachine, writeSection } from './benchmarks-file.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.join(ROOT, 'tests/fixtures/corpus/n8n/workflows');
const COUNT = Number(process.env.BENCH_JOBS_WORKFLOWS ?? 10_000);
const PROFILE = process.env.BENCH_CPU_PROF === '1';
const adminUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const benchUrl = Object.assign(new URL(adminUrl), { pathname: '/wh_bench_jobs' }).toString();
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const log = (msg: string) => console.log(`[bench:jobs] ${msg}`);
const children: ChildProcess[] = [];

async function admin<T>(run: (c: pg.Client) => Promise<T>, url = adminUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function redisAnswers(): Promise<boolean> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** 10,000 distinct workflows, inserted 500 per statement. */
async function seed(): Promise<{ organizationId: string; locationId: string; userId: string }> {
  await admin((c) => c.query('drop database if exists wh_bench_jobs with (force)'));
  await admin((c) => c.query('create database wh_bench_jobs'));
  const orm = await openOrm({ url: benchUrl, poolMax: 2 });
  try {
    await migrateUp(orm);
    const org = await createOrganization(orm.em.fork(), { name: 'Bench jobs', tier: 'ENTERPRISE', locationName: 'Bench', ownerEmail: 'bench-jobs@example.test' });
    const sources: unknown[] = [];
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort()) {
      const source = JSON.parse(readFileSync(path.join(CORPUS, file), 'utf8'));
      try {
        prepareDefinition(source, 'N8N', 5000, 'workflow');
        sources.push(source);
      } catch {
        // a deliberately broken export of the corpus
      }
    }
    for (let i = 0; i < COUNT; i += 500) {
      const rows = [];
      for (let j = i; j < Math.min(COUNT, i + 500); j++) {
        const source = { ...(sources[j % sources.length] as Record<string, unknown>) };
        source.name = `${String(source.name)} #${j}`;
        const prepared = prepareDefinition(source, 'N8N', 5000, 'workflow');
        rows.push({
          id: randomUUID(),
          name: String(source.name).slice(0, 300),
          format: prepared.format,
          source: prepared.source,
          definition: prepared.definition,
          content_hash: prepared.contentHash,
          node_count: prepared.nodeCount,
        });
      }
      await orm.em.getConnection().execute(
        `insert into workflows (id, organization_id, location_id, name, format, source, definition, content_hash, node_count)
         select r.id, ?, ?, r.name, r.format, r.source, r.definition, r.content_hash, r.node_count
           from jsonb_to_recordset(?::jsonb) as r(id uuid, name text, format text, source jsonb, definition jsonb, content_hash text, node_count int)`,
        [org.organization.id, org.location.id, JSON.stringify(rows)],
      );
    }
    return { organizationId: org.organization.id, locationId: org.location.id, userId: org.user.id };
  } finally {
    await orm.close(true);
  }
}

function startWorker(env: Record<string, string>, index: number): Promise<ChildProcess> {
  const args = [...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, '.bench-prof')}`] : []), '--import', 'tsx', 'src/worker.ts'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: 'info', NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${index} did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker running')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker ${index} exited (${code}):\n${output}`)));
  });
}

const stopWorker = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

interface Run {
  backend: string;
  workers: number;
  enqueueMs: number;
  totalMs: number;
  perSecond: number;
  reused: number;
  loadBefore: string;
  loadAfter: string;
}

const loadavg = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

async function run(backend: 'redis' | 'postgres', workers: number, tenant: Awaited<ReturnType<typeof seed>>): Promise<Run> {
  // A clean slate: no earlier result to reuse, an empty queue.
  await admin(async (c) => {
    await c.query('delete from analyses');
    await c.query('delete from analysis_batches');
    await c.query('update workflows set latest_analysis_id = null, latest_score = null, latest_grade = null');
    await c.query('drop schema if exists bullmq cascade');
  }, benchUrl);
  const prefix = `wh:bench:${randomBytes(4).toString('hex')}`;
  const env = { DATABASE_URL: benchUrl, REDIS_URL: backend === 'redis' ? redisUrl : '', QUEUE_PREFIX: prefix };
  const config = loadConfig({ ...env, NODE_ENV: 'production', LOG_LEVEL: 'silent', RATE_LIMITS: 'off' });
  const orm = await openOrm({ url: benchUrl, poolMax: 4 });
  const jobs = await startJobs({ config, orm, log: createLogger('silent'), databaseUrl: benchUrl, runWorker: false });
  const started = await Promise.all(Array.from({ length: workers }, (_, i) => startWorker(env, i)));
  try {
    const loadBefore = loadavg();
    const scope = new TenantScope(tenant.organizationId, [tenant.locationId]);
    const ids = (await orm.em.getConnection().execute<{ id: string }[]>('select id from workflows order by id')).map((r) => r.id);
    const t0 = performance.now();
    const batch = await createBatch(orm.em.fork(), scope, { locationId: tenant.locationId, workflowIds: ids }, tenant.userId, jobs, createLogger('silent'));
    const enqueueMs = performance.now() - t0;
    for (;;) {
      const [row] = await orm.em.getConnection().execute<{ status: string; completed: number; failed: number }[]>('select status, completed, failed from analysis_batches where id = ?', [batch.id]);
      if (row!.status === 'COMPLETED' || row!.status === 'FAILED') {
        if (row!.completed !== COUNT) throw new Error(`batch ended ${row!.status} with ${row!.completed} completed, ${row!.failed} failed`);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const totalMs = performance.now() - t0;
    const [reused] = await orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from analyses where reused_from_id is not null');
    const result = { backend, workers, enqueueMs, totalMs, perSecond: COUNT / (totalMs / 1000), reused: Number(reused!.n), loadBefore, loadAfter: loadavg() };
    log(`${backend}, ${workers} worker(s): ${COUNT} analyses in ${(totalMs / 1000).toFixed(2)} s (enqueue ${(enqueueMs / 1000).toFixed(2)} s) = ${result.perSecond.toFixed(0)}/s; load ${result.loadBefore} -> ${result.loadAfter}`);
    return result;
  } finally {
    await Promise.all(started.map(stopWorker));
    await jobs.close();
    if (backend === 'redis') {
      const client = new Redis(redisUrl);
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length) await client.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      client.disconnect();
    }
    await orm.close(true);
  }
}

async function machine() {
  return describeMachine(await admin(async (c) => (await c.query('show server_version')).rows[0].server_version as string));
}

async function main() {
  const backends: ('redis' | 'postgres')[] = (await redisAnswers()) ? ['redis', 'postgres'] : ['postgres'];
  log(`seeding ${COUNT} workflows`);
  const tenant = await seed();
  const runs: Run[] = [];
  // BENCH_JOBS_RUNS=redis:1,postgres:2 picks runs (profiling one configuration).
  const only = process.env.BENCH_JOBS_RUNS?.split(',');
  for (const backend of backends) for (const workers of [1, 2]) if (!only || only.includes(`${backend}:${workers}`)) runs.push(await run(backend, workers, tenant));
  const concurrency = loadConfig({}).WORKER_CONCURRENCY;
  const rows = runs.map(
    (r) =>
      `| ${r.backend === 'redis' ? 'Redis' : 'PostgreSQL'} | ${r.workers} | ${(r.enqueueMs / 1000).toFixed(2)} s | ${(r.totalMs / 1000).toFixed(2)} s | **${r.perSecond.toFixed(0)}** | ${r.reused} | ${r.loadBefore} → ${r.loadAfter} |`,
  );
  const redisBest = Math.max(...runs.filter((r) => r.backend === 'redis').map((r) => r.perSecond), 0);
  const section = `## Background jobs

\`npm run bench:jobs\` (${new Date().toISOString().slice(0, 10)}): one batch of ${COUNT.toLocaleString('en')} distinct n8n workflows
(the corpus, cycled and renamed, so nothing is reused), timed from the request (batch and ${COUNT.toLocaleString('en')}
QUEUED rows stored, jobs added) until the batch is COMPLETED; worker processes (\`npm run worker\`,
WORKER_CONCURRENCY ${concurrency}) on the same machine as PostgreSQL and Redis. Machine: ${await machine()}.
The machine is shared: the load average (1, 5, 15 min) before and after each run is part of the figure.

| backend | workers | enqueue | total | analyses/s | reused | load before → after |
|---|---|---|---|---|---|---|
${rows.join('\n')}

Target on Redis: at least 500 analyses/s — ${redisBest >= 500 ? `met (${redisBest.toFixed(0)}/s)` : redisBest ? `**not met** (${redisBest.toFixed(0)}/s)` : 'Redis was not available'}.
`;
  writeSection(section, 'Background jobs');
  log('BENCHMARKS.md updated (## Background jobs)');
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });
