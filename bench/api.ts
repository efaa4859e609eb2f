/**
 * `npm run bench:api [-- --keep]`: seeds a fresh database `wh_bench` (10,000 workflows, 1,000,000
 * analyses — bench/seed.ts), builds the server (`npm run build`) and starts it compiled, as
 * production runs it, and a bare node:http server in child processes, drives each query with
 * autocannon from this process (at a fixed 200 req/s and at maximum throughput), prints the
 * query plans of the list and history queries, and writes the figures into BENCHMARKS.md under
 * `## API`. Exits non-zero if any response was not a 2xx with the expected body. DATABASE_URL:
 * an administrative connection (default local postgres).
 * Then the cost of metrics on the list page (bench/metrics-cost.ts: a second server with metrics
 * on, both driven at once) under `## API: cost of metrics`; `-- --metrics-only` runs that part
 * alone (BENCH_METRICS_ROUNDS, default 5). Then the rate limiter's own cost per request, in
 * memory and with Redis (REDIS_URL, default local), under `## Rate limiter`; `-- --limiter-only`
 * runs that part alone. BENCH_SKIP_EXTRAS=1 skips those two parts.
 *
 * Response cache (issue 14), in the same run as both baselines (the bare server and a Yoga
 * hello-world serving the same bytes, bench/yoga-baseline.ts): a third server with the cache on
 * (Redis at REDIS_URL, its own key prefix) serves the list page cached over GraphQL POST and REST
 * GET (through the hit path in front of Yoga), paced at 1,000 req/s, and a 90/10 read/write mix
 * whose hit ratio comes from /internal/cache-stats. The other servers run with CACHE=off, so
 * their figures are uncached. The uncached list page's share of the Yoga baseline is also taken
 * from BENCH_ALTERNATING_ROUNDS (default 5) rounds that drive the two back to back, and the target
 * is judged on their median (see alternatingPair). So is REST against GraphQL on the same query:
 * the REST list page against a GraphQL query whose `data.workflows` is the REST body.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import autocannon, { type Result } from 'autocannon';
import { migrateUp, openOrm } from '../src/db/orm.js';
import { createOrganization } from '../src/services/organizations.js';
import { ANALYSES, WORKFLOWS, seed } from './seed.js';
import { paced, type PacedResult } from './paced.js';
import { measureMetricsCost, median, metricsCostSection } from './metrics-cost.js';
import { benchRateLimiter, limiterSection } from './rate-limit.js';
import { randomBytes } from 'node:crypto';
import { describeMachine, writeSection } from './benchmarks-file.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const KEEP = process.argv.includes('--keep');
const METRICS_ONLY = process.argv.includes('--metrics-only');
const METRICS_ROUNDS = Number(process.env.BENCH_METRICS_ROUNDS ?? 5);
const LIMITER_ONLY = process.argv.includes('--limiter-only');
const SKIP_EXTRAS = process.env.BENCH_SKIP_EXTRAS === '1';
const CACHED_RATE = 1000;
/** Rounds of the Yoga baseline and the uncached list page back to back, and seconds per run. */
const ALTERNATING_ROUNDS = Number(process.env.BENCH_ALTERNATING_ROUNDS ?? 5);
const ALTERNATING_SECONDS = 5;
const ADMIN_TOKEN = `bench-admin-${randomBytes(16).toString('hex')}`;
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = 3;
const RATE = 200;
const CONNECTIONS = 10;
const adminUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const benchUrl = Object.assign(new URL(adminUrl), { pathname: '/wh_bench' }).toString();

interface Scenario {
  name: string; key: string; method: 'GET' | 'POST'; path: string; body?: string; headers: Record<string, string>; expect?: string;
  /** Instead of the exact body: cached answers may be a miss once an entry expires (its TTL). */
  verify?: (body: string) => boolean;
}
interface Row { scenario: Scenario; paced: PacedResult; rate: Result; max: Result }
interface CacheFigures { paced1000: PacedResult; mix: MixResult; alternating: PairRound[]; loadBefore: string; loadAfter: string }
/** One round of two pages driven back to back, in req/s (see alternatingPair). */
interface PairRound { first: number; second: number; failures: number }
interface MixResult { reads: number; writes: number; failures: number; hits: number; misses: number; hitRatio: number | null; seconds: number }

const children: ChildProcess[] = [];
const log = (msg: string) => console.log(`[bench:api] ${msg}`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function admin<T>(run: (c: pg.Client) => Promise<T>, url = adminUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { return await run(client); } finally { await client.end(); }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * The API server as production runs it (docs/deploy.md): compiled by `npm run build`, without tsx.
 * Through tsx, every function our sources create at run time also gets its name set
 * (esbuild's keepNames), and the uncached list page served about a fifth fewer requests.
 */
const SERVER = 'dist/src/server.js';
/**
 * The Node flags production starts the server with: those of package.json's `start:prod`
 * (V8's young generation size, docs/deploy.md). Every child gets them, the bare server and the
 * Yoga baseline too, so that the servers compare per-request work, not heap settings (they made
 * no difference to the Yoga baseline: 6 alternating rounds).
 */
const SERVER_FLAGS = serverFlags();

function serverFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = scripts['start:prod']!.split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== SERVER) throw new Error(`start:prod is not "node [flags] ${SERVER}"`);
  return words.slice(1, -1);
}

function buildServer(): void {
  const started = performance.now();
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  log(`built ${SERVER} in ${secs(performance.now() - started)}`);
}

/**
 * A child process running `script` with the server's Node flags: compiled JavaScript as it is,
 * TypeScript (the bench's own helpers) through tsx.
 */
function startChild(script: string, env: Record<string, string>): ChildProcess {
  const args = [...SERVER_FLAGS, ...(script.endsWith('.js') ? [script] : ['--import', 'tsx', script])];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  return child;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the child process exited with code ${child.exitCode}`);
    const ok = await fetch(url).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

async function stopChildren(): Promise<void> {
  await Promise.all(children.map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => (clearTimeout(kill), resolve()));
    child.kill('SIGTERM');
  })));
}

/** One request as autocannon will send it; returns the status, content type and body. */
async function probe(base: string, s: Scenario) {
  const res = await fetch(base + s.path, { method: s.method, headers: s.headers, body: s.body });
  return { status: res.status, type: res.headers.get('content-type') ?? 'application/json', text: await res.text() };
}

async function seedDatabase() {
  await admin(async (c) => {
    await c.query('drop database if exists wh_bench with (force)');
    await c.query('create database wh_bench');
  });
  const orm = await openOrm({ url: benchUrl });
  const created = await (async () => {
    try {
      await migrateUp(orm);
      return await createOrganization(orm.em.fork(), { name: 'Bench Co', tier: 'PRO', locationName: 'Bench HQ', ownerEmail: 'bench@example.com' });
    } finally {
      await orm.close(true);
    }
  })();
  const start = performance.now();
  const pool = new pg.Pool({ connectionString: benchUrl, max: os.availableParallelism() });
  const steps = await seed(pool, { organizationId: created.organization.id, locationId: created.location.id }).finally(() => pool.end());
  const seedMs = performance.now() - start;
  log(`seeded ${WORKFLOWS.toLocaleString('en')} workflows and ${ANALYSES.toLocaleString('en')} analyses in ${secs(seedMs)} (${Object.entries(steps).map(([k, v]) => `${k} ${secs(v)}`).join(', ')})`);
  return { apiKey: created.apiKey, organizationId: created.organization.id, locationId: created.location.id, seedMs };
}

async function buildScenarios(base: string, apiKey: string, locationId: string, barePath: string) {
  const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${apiKey}` };
  const gql = (name: string, key: string, query: string, variables: Record<string, unknown>): Scenario =>
    ({ name, key, method: 'POST', path: '/graphql', headers, body: JSON.stringify({ query, variables }) });
  const data = async (s: Scenario) => {
    const r = await probe(base, s);
    const json = JSON.parse(r.text) as { data?: Record<string, any>; errors?: { message: string }[] };
    return { ...r, json, ok: r.status < 300 && !json.errors };
  };
  const scenarios: Scenario[] = [];
  const notes: string[] = [];

  const list = gql('(a) workflow list page (GraphQL)', 'list', `query List($loc: ID!) { workflows(locationId: $loc, first: 20) {
    edges { cursor node { id name status latestScore latestGrade updatedAt } } pageInfo { hasNextPage endCursor } } }`, { loc: locationId });
  const listed = await data(list);
  if (!listed.ok) throw new Error(`list query failed: ${listed.status} ${listed.text.slice(0, 500)}`);
  scenarios.push({ ...list, expect: listed.text });
  const workflowId = listed.json.data!.workflows.edges[0].node.id as string;

  const one = gql('(b) workflow by id + latestAnalysis + findings', 'byId', `query One($id: ID!) { workflow(id: $id) { id name status version latestScore latestGrade
    latestAnalysis { id healthScore grade findingCount createdAt counts { critical high medium }
      findings { ruleId severity category nodeName message } } } }`, { id: workflowId });
  const got = await data(one);
  if (!got.ok || !got.json.data!.workflow?.latestAnalysis) throw new Error(`workflow query failed: ${got.text.slice(0, 500)}`);
  scenarios.push({ ...one, expect: got.text });

  const historyQuery = `query History($id: ID!, $after: String) { analyses(workflowId: $id, first: 20, after: $after) {
    edges { cursor node { id healthScore grade findingCount createdAt } } pageInfo { hasNextPage endCursor } } }`;
  let after: string | null = null;
  for (let page = 0; page < 4; page++) { // follow the cursors past 80 analyses
    const r = await data(gql('history', 'history', historyQuery, { id: workflowId, after }));
    if (!r.ok) throw new Error(`history query failed: ${r.text.slice(0, 500)}`);
    after = r.json.data!.analyses.pageInfo.endCursor as string;
  }
  const history = gql('(c) history page after 80 analyses', 'history', historyQuery, { id: workflowId, after });
  const deep = await data(history);
  if (!deep.ok || deep.json.data!.analyses.edges.length !== 20) throw new Error(`deep history page: ${deep.text.slice(0, 500)}`);
  scenarios.push({ ...history, expect: deep.text });

  const health = gql('(d) locationHealth(days: 30)', 'health', `query Health($loc: ID!) { locationHealth(locationId: $loc, days: 30) {
    days daily { date averageScore analyses } gradeDistribution { grade workflows } topRules { ruleId findings workflows } atRisk { id name latestScore } } }`, { loc: locationId });
  const h = await data(health);
  if (h.ok) scenarios.push(health); // the 30-day window moves with now(): its body is not constant
  else if (h.text.includes('Cannot query field')) notes.push('(d) locationHealth: skipped, the field is not in the schema');
  else throw new Error(`locationHealth failed: ${h.status} ${h.text.slice(0, 500)}`);

  const rest: Scenario = { name: '(e) workflow list page (REST /v1)', key: 'rest', method: 'GET', path: `/v1/workflows?locationId=${locationId}&first=20`, headers: { accept: 'application/json', authorization: headers.authorization } };
  const r = await probe(base, rest);
  let restAsGraphQL: Scenario | undefined;
  if (r.status < 300) {
    scenarios.push({ ...rest, expect: r.text });
    // The same query over GraphQL: what Sofa selects for the route, so that the REST target
    // compares REST's own cost, not a bigger answer and a second statement.
    const same = gql('GraphQL with the REST page\'s selection', 'restAsGraphQL', `query ListWorkflows($loc: ID!) { workflows(locationId: $loc, first: 20) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { id locationId name description format status version contentHash nodeCount latestScore latestGrade latestAnalysisId createdAt updatedAt } cursor }
      totalCount } }`, { loc: locationId });
    const answered = await data(same);
    if (!answered.ok || JSON.stringify(answered.json.data!.workflows) !== r.text) {
      throw new Error(`the GraphQL twin of GET ${rest.path.split('?')[0]} does not answer the REST body: ${answered.text.slice(0, 300)} / ${r.text.slice(0, 300)}`);
    }
    restAsGraphQL = { ...same, expect: answered.text };
  } else if (r.status === 404 && !r.text.includes('"error"')) notes.push(`(e) REST: skipped, GET ${rest.path.split('?')[0]} answers ${r.status} (the REST routes are not mounted)`);
  else throw new Error(`REST list failed: ${r.status} ${r.text.slice(0, 500)}`);

  writeFileSync(barePath, listed.text);
  return { scenarios, notes, listType: listed.type, listBytes: Buffer.byteLength(listed.text), workflowId, historyCursor: after!, restAsGraphQL };
}

async function drive(base: string, s: Scenario): Promise<Row> {
  const opts = {
    url: base + s.path, method: s.method, headers: s.headers, body: s.body, connections: CONNECTIONS, timeout: 10,
    ...(s.verify ? { verifyBody: s.verify } : s.expect !== undefined ? { expectBody: s.expect } : { verifyBody: (b: string) => !b.includes('"errors"') }),
  };
  const settle = () => new Promise((r) => setTimeout(r, 2000)); // let the server drain what the last run left
  await autocannon({ ...opts, duration: WARMUP });
  await settle();
  const verify = s.verify ?? (s.expect !== undefined ? (b: string) => b === s.expect : (b: string) => !b.includes('"errors"'));
  const open = await paced({ url: opts.url, method: s.method, headers: s.headers, body: s.body, rate: RATE, durationS: DURATION, connections: CONNECTIONS, verify });
  // autocannon 8 corrects coordinated omission with an expected interval of ceil(1 / per-connection
  // rate) = 1 ms, which re-weights every response over 1 ms: record the plain latencies instead.
  await settle();
  const rate = await autocannon({ ...opts, duration: DURATION, overallRate: RATE, ignoreCoordinatedOmission: true });
  await settle();
  const max = await autocannon({ ...opts, duration: DURATION });
  await settle();
  return { scenario: s, paced: open, rate, max };
}

/**
 * Two servers' pages driven in alternating rounds: each round drives both at maximum throughput
 * for ALTERNATING_SECONDS, one after the other, `first` first in odd rounds and `second` first in
 * even ones. On this shared 2-core machine throughput drifts by ±15% from one minute to the next;
 * the table's runs are minutes apart, so their ratio carries that drift, while the ratios of
 * back-to-back runs, and their median, do not. Used for the uncached list page against the Yoga
 * baseline, and for REST against GraphQL on the same query.
 */
async function alternatingPair(label: string, first: { name: string; base: string; scenario: Scenario }, second: { name: string; base: string; scenario: Scenario }): Promise<PairRound[]> {
  const rounds: PairRound[] = [];
  const maxOf = async ({ base, scenario: s }: { base: string; scenario: Scenario }) => {
    const r = await autocannon({ url: base + s.path, method: s.method, headers: s.headers, body: s.body, connections: CONNECTIONS, timeout: 10, duration: ALTERNATING_SECONDS, expectBody: s.expect });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { reqPerSec: r.requests.average, failures: r.errors + r.timeouts + r.non2xx + r.mismatches };
  };
  for (let i = 0; i < ALTERNATING_ROUNDS; i++) {
    const firstFirst = i % 2 === 0;
    const earlier = await maxOf(firstFirst ? first : second);
    const later = await maxOf(firstFirst ? second : first);
    const [a, b] = firstFirst ? [earlier, later] : [later, earlier];
    rounds.push({ first: a.reqPerSec, second: b.reqPerSec, failures: a.failures + b.failures });
    log(`${label} round ${i + 1}: ${first.name} ${f1(a.reqPerSec)} req/s, ${second.name} ${f1(b.reqPerSec)} req/s: ${((b.reqPerSec / a.reqPerSec) * 100).toFixed(1)}%`);
  }
  return rounds;
}

/** The cached and baseline scenarios: their bodies are taken from a second answer (the first fills the cache). */
async function cacheScenarios(cached: string, yoga: string, list: Scenario, rest: Scenario | undefined, locationId: string) {
  const scenarios: Scenario[] = [];
  const yogaList: Scenario = {
    name: '(g) Yoga hello-world, same bytes as (f)', key: 'yoga', method: 'POST', path: '/graphql',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: 'query List($loc: ID!) { workflows(locationId: $loc, first: 20) }', variables: { loc: locationId } }),
  };
  const y = await probe(yoga, yogaList);
  if (y.text !== list.expect) throw new Error(`the Yoga baseline does not serve the list bytes: ${y.text.slice(0, 200)}`);
  scenarios.push({ ...yogaList, expect: y.text });
  for (const [s, key, name] of [[list, 'cachedList', '(h) list page, cached (GraphQL POST)'], [rest, 'cachedRest', '(i) list page, cached (REST GET)']] as const) {
    if (!s) continue;
    await probe(cached, s);
    const second = await fetch(cached + s.path, { method: s.method, headers: s.headers, body: s.body });
    const text = await second.text();
    if (second.headers.get('x-cache') !== 'HIT') throw new Error(`${name}: the second answer is not a cache hit (${second.status})`);
    // The same data, hit or (after the entry's TTL) miss: GraphQL bodies differ only in the
    // extensions after `data`. Compared as text: parsing every body in the load generator (which
    // shares the 2 cores) cost a third of the cached throughput it measured.
    // REST bodies (every field and totalCount, about 12 KB) are checked by length and their first
    // and last 256 characters: compared whole, they made the load generator the bottleneck (95% of
    // a core, the server at 79%), and the row measured the client.
    const prefix = `{"data":${key === 'cachedList' ? JSON.stringify((JSON.parse(text) as { data: unknown }).data) : ''},"extensions":`;
    const head = text.slice(0, 256), tail = text.slice(-256);
    const verify = key === 'cachedList' ? (b: string) => b.startsWith(prefix) : (b: string) => b.length === text.length && b.startsWith(head) && b.endsWith(tail);
    scenarios.push({ ...s, key, name, expect: text, verify });
  }
  return scenarios;
}

const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(', ');

async function cacheStats(base: string) {
  const res = await fetch(`${base}/internal/cache-stats`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return (await res.json()) as { hits: number; misses: number };
}

/**
 * 90% reads (the GraphQL and REST list pages, alternately) and 10% writes (a new workflow in the
 * same location, which evicts its lists), over CONNECTIONS concurrent loops for DURATION seconds;
 * the hit ratio is read from the server's own counters.
 */
async function mixedLoad(base: string, reads: Scenario[], apiKey: string, locationId: string): Promise<MixResult> {
  const before = await cacheStats(base);
  const deadline = performance.now() + DURATION * 1000;
  let readCount = 0, writeCount = 0, failures = 0, n = 0;
  const definition = { format: 'native', version: 1, name: 'Mixed', nodes: [{ id: 't', name: 'Start', kind: 'TRIGGER', type: 'schedule' }], edges: [] };
  const write = () => fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: 'mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }', variables: { input: { locationId, name: `Mixed ${n}`, definition } } }),
  });
  const loop = async () => {
    while (performance.now() < deadline) {
      const i = n++;
      const isWrite = i % 10 === 9;
      const s = reads[i % reads.length]!;
      const res = await (isWrite ? write() : fetch(base + s.path, { method: s.method, headers: s.headers, body: s.body })).catch(() => null);
      const text = res ? await res.text() : '';
      if (!res || res.status >= 300 || text.includes('"errors"')) failures++;
      if (isWrite) writeCount++;
      else readCount++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const seconds = (performance.now() - started) / 1000;
  // Fresh, not merely fast: after one more write, every list shows it (a stale entry is a failure).
  const last = `Mixed ${n}`; // the name write() gives now
  if ((await write().then((r) => r.text())).includes('"errors"')) failures++;
  for (const s of reads) {
    const text = await (await fetch(base + s.path, { method: s.method, headers: s.headers, body: s.body })).text();
    if (!text.includes(`"${last}"`)) failures++;
  }
  const after = await cacheStats(base);
  const hits = after.hits - before.hits, misses = after.misses - before.misses;
  return { reads: readCount, writes: writeCount, failures, hits, misses, hitRatio: hits + misses ? hits / (hits + misses) : null, seconds };
}

const failures = (r: Result) => r.errors + r.timeouts + r.non2xx + r.mismatches;
const rowFailures = (r: Row) => r.paced.failures + failures(r.rate) + failures(r.max);
const ms = (n: number) => n.toFixed(n >= 100 ? 0 : 1);

async function explain(locationId: string, organizationId: string, workflowId: string, cursor: string) {
  const [, createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string, string];
  // Copied from WorkflowRepository.list (default order, one location: `location_id = ?`) and
  // AnalysisRepository.history.
  const listSql = `select id, organization_id, location_id, name, description, format, status, content_hash, node_count, version,
  latest_analysis_id, latest_score, latest_grade, created_at, updated_at, deleted_at, updated_at::text as cursor_at from workflows where organization_id = $1 and location_id = $2 and deleted_at is null
       order by updated_at desc, id desc limit 21`;
  const historySql = `select *, created_at::text as cursor_at from analyses where workflow_id = $1 and organization_id = $2 and (created_at, id) < ($3::timestamptz, $4) order by created_at desc, id desc limit 21`;
  return admin(async (c) => {
    const plan = async (sql: string, params: unknown[]) =>
      (await c.query(`explain (analyze, buffers) ${sql}`, params)).rows.map((row) => row['QUERY PLAN'] as string).join('\n');
    // For comparison: the form used for several locations (all the caller may see).
    const anySql = listSql.replace('location_id = $2', 'location_id = any($2::uuid[])');
    return {
      list: { sql: listSql, plan: await plan(listSql, [organizationId, locationId]) },
      several: { sql: anySql, plan: await plan(anySql, [organizationId, `{${locationId}}`]) },
      history: { sql: historySql, plan: await plan(historySql, [workflowId, organizationId, createdAt, id]) },
    };
  }, benchUrl);
}

async function machine() {
  return describeMachine(await admin(async (c) => (await c.query('show server_version')).rows[0].server_version as string));
}

const f1 = (n: number) => n.toFixed(n >= 100 ? 0 : 1);

function report(rows: Row[], notes: string[], ctx: { machine: string; seedMs: number; listBytes: number; plans: Awaited<ReturnType<typeof explain>>; cache: CacheFigures | null; restRounds: PairRound[] }): string {
  const by = (key: string) => rows.find((r) => r.scenario.key === key);
  const bare = by('bare')!.max.requests.average;
  const line = (r: Row) => `| ${r.scenario.name} | ${f1(r.paced.achieved)} | ${ms(r.paced.p50)} | ${ms(r.paced.p99)} | ${r.rate.latency.p50} | ${r.rate.latency.p99} | ${f1(r.max.requests.average)} | ${r.max.latency.p50} | ${r.max.latency.p99} | ${rowFailures(r)} | ${((r.max.requests.average / bare) * 100).toFixed(2)}% |`;
  const target = (label: string, key: string, limit: number) => {
    const r = by(key);
    if (!r) return `- ${label}: not measured`;
    return `- ${label} p99 at ${RATE} req/s: ${ms(r.paced.p99)} ms paced (${f1(r.paced.achieved)} req/s served${r.paced.shed ? `, ${r.paced.shed} requests shed` : ''}; autocannon overallRate burst: ${r.rate.latency.p99} ms), target < ${limit} ms: **${r.paced.p99 < limit && r.paced.achieved >= RATE * 0.95 ? 'holds' : 'MISSED'}**`;
  };
  const list = by('list')!, rest = by('rest');
  const restRatio = rest ? rest.max.requests.average / list.max.requests.average : null;
  // Trimmed: the planner's own buffer usage goes.
  const trim = (plan: string) => plan.split('\n').filter((l, i, all) => l !== 'Planning:' && all[i - 1] !== 'Planning:').join('\n');
  return `## API

\`npm run bench:api\`, ${new Date().toISOString().slice(0, 10)}. Machine: ${ctx.machine}.

Data: one location with ${WORKFLOWS.toLocaleString('en')} workflows and ${ANALYSES.toLocaleString('en')} completed analyses (100 per workflow over the past
year), findings on each latest analysis; seeded in SQL in ${secs(ctx.seedMs)}. Server: \`node ${SERVER_FLAGS.join(' ')} ${SERVER}\` (\`npm run build\`, run as in production; every server below with the same flags) in a child process
(NODE_ENV=production, LOG_LEVEL=warn, DB_POOL_MAX=${process.env.DB_POOL_MAX ?? '10 (default)'}, RATE_LIMITS=off, no Redis, no response cache, no compression requested);
load from the parent process over ${CONNECTIONS} keep-alive connections: ${WARMUP} s autocannon warm-up, then ${DURATION} s paced at ${RATE} req/s
(bench/paced.ts: open loop, one request every ${1000 / RATE} ms, latency counted from the due time; once a second of
requests is waiting, further ones are shed and counted), ${DURATION} s of autocannon
\`overallRate: ${RATE}\` (which sends each connection's quota back to back at the start of every second: a burst, not a
steady rate; coordinated-omission correction off, see bench/api.ts) and ${DURATION} s of autocannon at maximum throughput.
Latencies in ms (autocannon's histogram has 1 ms resolution). Every response was checked
(status 2xx and the exact body of the first answer; locationHealth: no \`errors\`). List page body: ${ctx.listBytes} bytes.

| Query | paced ${RATE}/s: served req/s | p50 | p99 | autocannon overallRate ${RATE}: p50 | p99 | max req/s | p50 | p99 | errors/non-2xx | max vs bare |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.map(line).join('\n')}
${notes.map((n) => `\n- ${n}`).join('')}

Ratios: GraphQL list page at ${((list.max.requests.average / bare) * 100).toFixed(1)}% of the bare server's throughput;
${restRatio === null ? 'REST vs GraphQL: not measured (no REST route).' : `REST (e) / GraphQL (a) throughput: ${restRatio.toFixed(2)} (not the same query, see below).`}

Targets (uncached, this machine):
${target('List page', 'list', 25)}
${target('History page', 'history', 15)}
- REST within 20% of GraphQL throughput on the same query: ${restRatio === null ? 'not measured' : alternatingLine(ctx.restRounds, 'REST/GraphQL', 80)}.
  The same query: GET ${'`'}/v1/workflows?locationId=…&first=20${'`'} against a GraphQL POST selecting what Sofa selects for
  that route (every field of a workflow, the cursors, \`pageInfo\` and \`totalCount\`), whose \`data.workflows\` is
  byte for byte the REST body (checked before the runs). Against the table's (a), which selects six fields and no
  \`totalCount\`, REST's throughput is ${restRatio === null ? 'not measured' : `${(restRatio * 100).toFixed(0)}%`} (${'`'}totalCount${'`'} is read from the location's live-workflow count, kept by triggers).
${cacheReport(rows, ctx.cache)}

### List query plan (WorkflowRepository.list, default order)

\`\`\`sql
${ctx.plans.list.sql}
\`\`\`
\`\`\`
${trim(ctx.plans.list.plan)}
\`\`\`

With several locations (no \`locationId\`: every location the caller may see) the repository issues
\`location_id = any($2::uuid[])\`, served by workflows_live_by_org_updated:

\`\`\`
${trim(ctx.plans.several.plan)}
\`\`\`

### History query plan (AnalysisRepository.history, page after 80)

\`\`\`sql
${ctx.plans.history.sql}
\`\`\`
\`\`\`
${trim(ctx.plans.history.plan)}
\`\`\`
`;
}

/** `**holds**` or `**MISSED**` for a measured value, else "not measured". */
const verdict = (value: number | null, ok: (v: number) => boolean) => (value === null ? 'not measured' : `**${ok(value) ? 'holds' : 'MISSED'}**`);

/** The median ratio of the alternating rounds (second/first), with every round, and the verdict on the median against a floor. */
function alternatingLine(rounds: PairRound[], names: string, target: number): string {
  if (!rounds.length) return `no alternating rounds (BENCH_ALTERNATING_ROUNDS=0); target ≥ ${target}%: not measured`;
  const ratios = rounds.map((r) => (r.second / r.first) * 100);
  const middle = median(ratios);
  const each = rounds.map((r, i) => `${f1(r.second)}/${f1(r.first)} = ${ratios[i]!.toFixed(1)}%`).join(', ');
  return `median of ${rounds.length} alternating rounds (${ALTERNATING_SECONDS} s each, back to back, ${names} req/s: ${each}): ${middle.toFixed(1)}%; target ≥ ${target}% (judged on that median): ${verdict(middle, (v) => v >= target)}`;
}

/** The response cache's figures (issue 14 targets), from the same run as both baselines. */
function cacheReport(rows: Row[], cache: CacheFigures | null): string {
  const by = (key: string) => rows.find((r) => r.scenario.key === key);
  const bare = by('bare')?.max.requests.average, yoga = by('yoga')?.max.requests.average;
  if (!cache || !bare || !yoga) return '';
  const pct = (key: string, base: number) => { const r = by(key); return r ? (r.max.requests.average / base) * 100 : null; };
  const cachedGql = pct('cachedList', bare), cachedRest = pct('cachedRest', bare), uncached = pct('list', yoga);
  const health = by('health');
  const { paced1000: p, mix } = cache;
  return `
### Response cache (issue 14)

Third server: the same with \`CACHE=on\`, Redis (\`REDIS_URL\`, its own key prefix), \`RATE_LIMITS=off\`
as the others. Cached rows (h), (i) are answered by the hit path in front of Yoga, from the
instance's near copy of the entry (no Redis round trip; with limits on, a hit still costs one
round trip, for the counters). Checked: the answer before each run is \`X-Cache: HIT\`, and every
body has the cached data (GraphQL bodies compared up to their \`extensions\`, which differ on the
miss that follows an entry's TTL; REST bodies by length and their first and last 256 characters,
see bench/api.ts). The cached GraphQL body
carries \`extensions.responseCache\`, ${Buffer.byteLength(by('cachedList')?.scenario.expect ?? '') - Buffer.byteLength(by('list')?.scenario.expect ?? '')} bytes more than (f).
Load average (1, 5, 15 min) before: ${cache.loadBefore}; after: ${cache.loadAfter} (2 cores shared with other work).

- Yoga hello-world baseline (NODE_ENV=production, as the API server): ${f1(yoga)} req/s, ${((yoga / bare) * 100).toFixed(1)}% of bare (${f1(bare)} req/s).
- Cached list page, GraphQL POST: ${cachedGql === null ? 'not measured' : `${cachedGql.toFixed(1)}% of bare`}; target ≥ 40%: ${verdict(cachedGql, (v) => v >= 40)}
- Cached list page, REST GET: ${cachedRest === null ? 'not measured' : `${cachedRest.toFixed(1)}% of bare`}; target ≥ 40%: ${verdict(cachedRest, (v) => v >= 40)}
- Uncached list page (a) against the Yoga baseline: ${uncached === null ? 'not measured' : `${uncached.toFixed(1)}%`} in the table's two runs; ${alternatingLine(cache.alternating, 'list/Yoga', 60)}
- Cached list page (GraphQL) paced at ${CACHED_RATE} req/s: ${f1(p.achieved)} req/s served, p50 ${ms(p.p50)} ms, p99 ${ms(p.p99)} ms, max ${ms(p.max)} ms${p.shed ? `, ${p.shed} shed` : ''}, ${p.failures} failures.
- Mixed 90% reads / 10% writes (GraphQL and REST list pages; each write a new workflow in the listed location, which evicts its lists), ${CONNECTIONS} loops for ${mix.seconds.toFixed(1)} s: ${mix.reads} reads, ${mix.writes} writes, ${mix.failures} failures (a last write must show in every list); hit ratio ${mix.hitRatio === null ? 'n/a' : `${(mix.hitRatio * 100).toFixed(1)}%`} (${mix.hits} hits, ${mix.misses} misses, from /internal/cache-stats).
- Uncached locationHealth(days: 30) at 1M analyses (the daily roll-up), paced ${RATE} req/s: ${health ? `p50 ${ms(health.paced.p50)} ms, p99 ${ms(health.paced.p99)} ms; target p99 < 10 ms: ${verdict(health.paced.p99, (v) => v < 10)}` : 'not measured'}.
`;
}

async function measureLimiter() {
  const figures = await benchRateLimiter(redisUrl);
  for (const f of figures) log(`rate limiter, ${f.backend}: p50 ${f.p50.toFixed(3)} ms p99 ${f.p99.toFixed(3)} ms mean ${f.mean.toFixed(3)} ms`);
  writeSection(limiterSection(figures, await machine()), 'Rate limiter');
  log('BENCHMARKS.md updated (## Rate limiter)');
}

async function main() {
  if (LIMITER_ONLY) return measureLimiter();
  const { apiKey, organizationId, locationId, seedMs } = await seedDatabase();
  if (process.argv.includes('--seed-only')) return log(`seeded ${benchUrl} (kept): location ${locationId}`);
  buildServer();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'wh-bench-'));
  try {
    const [apiPort, barePort, meteredPort, metricsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const api = `http://127.0.0.1:${apiPort}`;
    const serverEnv = { NODE_ENV: 'production', DATABASE_URL: benchUrl, HOST: '127.0.0.1', LOG_LEVEL: 'warn', MIGRATE_ON_START: 'false', REDIS_URL: '', RATE_LIMITS: 'off', CACHE: 'off' };
    const server = startChild(SERVER, { ...serverEnv, PORT: String(apiPort), ENABLE_METRICS: 'false' });
    await waitReady(`${api}/ready`, server);
    log(`server ready at ${api}`);
    // The same server with metrics on, served on their own port (the production way).
    const metered = `http://127.0.0.1:${meteredPort}`;
    const meteredServer = startChild(SERVER, { ...serverEnv, PORT: String(meteredPort), ENABLE_METRICS: 'true', METRICS_PORT: String(metricsPort) });
    await waitReady(`${metered}/ready`, meteredServer);
    const built = await buildScenarios(api, apiKey, locationId, path.join(tmp, 'body.json'));
    const listScenario = built.scenarios.find((s) => s.key === 'list')!;
    const measureCost = async () => {
      const target = { path: listScenario.path, method: listScenario.method, headers: listScenario.headers, body: listScenario.body, expect: listScenario.expect };
      const cost = await measureMetricsCost({
        without: { base: api, pid: server.pid!, ...target },
        with: { base: metered, pid: meteredServer.pid!, ...target },
        metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
        rounds: METRICS_ROUNDS,
        durationS: DURATION,
        connections: CONNECTIONS,
        log,
      });
      log(`metrics cost: median ${f1(cost.without)} req/s without, ${f1(cost.with)} with: ${cost.lostPercent.toFixed(1)}% lost`);
      writeSection(metricsCostSection(cost, { machine: await machine(), date: new Date().toISOString().slice(0, 10) }), 'API: cost of metrics');
      log('BENCHMARKS.md updated (## API: cost of metrics)');
      if (cost.runs.some((r) => r.failures > 0)) process.exitCode = 1;
    };
    if (METRICS_ONLY) {
      await measureCost();
      return;
    }
    const bareServer = startChild('bench/bare-server.ts', { BODY_FILE: path.join(tmp, 'body.json'), CONTENT_TYPE: built.listType, PORT: String(barePort) });
    await waitReady(`http://127.0.0.1:${barePort}/`, bareServer);
    const [yogaPort, cachedPort] = [await freePort(), await freePort()];
    // NODE_ENV=production as the API server runs: graphql-js and Yoga skip development checks
    // (measured: the baseline about 4% faster than without it).
    const yogaServer = startChild('bench/yoga-baseline.ts', { BODY_FILE: path.join(tmp, 'body.json'), PORT: String(yogaPort), NODE_ENV: 'production' });
    const yoga = `http://127.0.0.1:${yogaPort}`;
    const cached = `http://127.0.0.1:${cachedPort}`;
    const cachedServer = startChild(SERVER, {
      ...serverEnv, PORT: String(cachedPort), ENABLE_METRICS: 'false', CACHE: 'on', REDIS_URL: redisUrl,
      CACHE_KEY_PREFIX: `wh:bench:${randomBytes(6).toString('hex')}:rc`, ADMIN_TOKEN,
    });
    await waitReady(`${yoga}/graphql?query=${encodeURIComponent('{__typename}')}`, yogaServer);
    await waitReady(`${cached}/ready`, cachedServer);
    const list = built.scenarios.find((s) => s.key === 'list')!;
    built.scenarios.push(...(await cacheScenarios(cached, yoga, list, built.scenarios.find((s) => s.key === 'rest'), locationId)));
    const baseOf: Record<string, string> = { bare: `http://127.0.0.1:${barePort}`, yoga, cachedList: cached, cachedRest: cached };
    // The baselines first and the slow locationHealth last, so no run inherits another's backlog.
    const order = ['bare', 'yoga', 'list', 'rest', 'cachedList', 'cachedRest', 'byId', 'history', 'health'];
    const scenarios = [...built.scenarios, { name: '(f) bare node:http, same bytes as (a)', key: 'bare', method: 'GET', path: '/', headers: {}, expect: list.expect } satisfies Scenario]
      .sort((x, y) => order.indexOf(x.key) - order.indexOf(y.key));
    const rows: Row[] = [];
    const loadBefore = loadAverage();
    for (const s of scenarios) {
      const row = await drive(baseOf[s.key] ?? api, s);
      rows.push(row);
      log(`${s.name}: paced ${RATE}/s served ${f1(row.paced.achieved)} p50 ${ms(row.paced.p50)} p99 ${ms(row.paced.p99)} | overallRate p50 ${row.rate.latency.p50} p99 ${row.rate.latency.p99} | max ${f1(row.max.requests.average)} req/s p50 ${row.max.latency.p50} p99 ${row.max.latency.p99} | failures ${rowFailures(row)}`);
    }
    for (const n of built.notes) log(n);
    const alternating = await alternatingPair('alternating', { name: 'Yoga', base: yoga, scenario: scenarios.find((s) => s.key === 'yoga')! }, { name: 'list', base: api, scenario: list });
    const rest = scenarios.find((s) => s.key === 'rest');
    const restRounds = rest && built.restAsGraphQL ? await alternatingPair('REST/GraphQL', { name: 'GraphQL', base: api, scenario: built.restAsGraphQL }, { name: 'REST', base: api, scenario: rest }) : [];
    const cachedList = scenarios.find((s) => s.key === 'cachedList')!;
    const paced1000 = await paced({ url: cached + cachedList.path, method: cachedList.method, headers: cachedList.headers, body: cachedList.body, rate: CACHED_RATE, durationS: DURATION, connections: CONNECTIONS, verify: cachedList.verify! });
    log(`cached list paced ${CACHED_RATE}/s: served ${f1(paced1000.achieved)} p50 ${ms(paced1000.p50)} p99 ${ms(paced1000.p99)} failures ${paced1000.failures}`);
    const mix = await mixedLoad(cached, scenarios.filter((s) => s.key === 'cachedList' || s.key === 'cachedRest'), apiKey, locationId);
    log(`mixed 90/10: ${mix.reads} reads ${mix.writes} writes ${mix.failures} failures, hit ratio ${mix.hitRatio === null ? 'n/a' : (mix.hitRatio * 100).toFixed(1)}%`);
    const cacheFigures: CacheFigures = { paced1000, mix, alternating, loadBefore, loadAfter: loadAverage() };
    if (paced1000.failures || mix.failures || [...alternating, ...restRounds].some((r) => r.failures > 0)) process.exitCode = 1;
    const plans = await explain(locationId, organizationId, built.workflowId, built.historyCursor);
    console.log(`\nList query plan:\n${plans.list.plan}\n\nList over several locations:\n${plans.several.plan}\n\nHistory query plan:\n${plans.history.plan}\n`);
    const section = report(rows, built.notes, { machine: await machine(), seedMs, listBytes: built.listBytes, plans, cache: cacheFigures, restRounds });
    writeSection(section, 'API');
    log('BENCHMARKS.md updated (## API)');
    if (!SKIP_EXTRAS) {
      await measureCost();
      await measureLimiter();
    }
    const failed = rows.filter((r) => rowFailures(r) > 0);
    if (failed.length) {
      for (const r of failed) console.error(`FAILED ${r.scenario.name}: ${JSON.stringify({ paced: r.paced.failures, rate: pick(r.rate), max: pick(r.max) })}`);
      process.exitCode = 1;
    }
  } finally {
    await stopChildren();
    rmSync(tmp, { recursive: true, force: true });
    if (!KEEP) await admin((c) => c.query('drop database if exists wh_bench with (force)'));
    else log(`kept database ${benchUrl}`);
  }
}

const pick = (r: Result) => ({ errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, mismatches: r.mismatches });

main().catch(async (error: unknown) => {
  console.error(error);
  await stopChildren();
  process.exit(1);
});
