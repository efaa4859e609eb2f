import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { nativeWorkflow } from '../support/fixtures.js';
import { findPromtool, parseMetrics, promtool, total, type Sample } from '../support/prometheus.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/**
 * /metrics after real traffic: every family of DESIGN §9 moves when its event happens, and the
 * scrape passes promtool's own checks.
 */
let t: TestApp;
let org: CreatedOrganization;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.tenant('PRO');
});
afterAll(async () => {
  await t.close();
});

async function scrape(app = t.app): Promise<{ text: string; samples: Sample[]; status: number; type: string | null }> {
  const res = await app.fetch('http://test/metrics');
  const text = await res.text();
  return { text, status: res.status, type: res.headers.get('content-type'), samples: res.status === 200 ? parseMetrics(text) : [] };
}

describe('/metrics after traffic on both surfaces', () => {
  let before: Sample[];
  let after: { text: string; samples: Sample[] };
  let workflowId: string;
  let score: number;
  let findingCount: number;
  const moved = (name: string, labels: Record<string, string> = {}) => total(after.samples, name, labels) - total(before, name, labels);

  beforeAll(async () => {
    before = (await scrape()).samples;

    // GraphQL: a named query, and an unknown workflow (NOT_FOUND in the response).
    const viewer = await t.graphql('query Viewer { viewer { organization { name } } }', {}, org.apiKey);
    expect(viewer.status).toBe(200);
    const missing = await t.graphql('query($id: ID!) { workflow(id: $id) { id } }', { id: randomUUID() }, org.apiKey);
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // REST: create a workflow, list it, analyse it twice (the second reuses the first result).
    // An action nothing leads to: an orphan-node finding, so the score is below 100.
    const definition = nativeWorkflow('Metered');
    definition.nodes.push({ id: 'o', name: 'Forgotten', kind: 'ACTION', type: 'http' });
    const created = await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: 'Metered', definition } }, org.apiKey);
    expect(created.status).toBe(201);
    workflowId = created.body.id;
    expect((await t.rest('GET', `/v1/workflows?locationId=${org.location.id}`, undefined, org.apiKey)).status).toBe(200);
    const analysed = await t.rest('POST', `/v1/workflows/${workflowId}/analyses`, undefined, org.apiKey);
    expect(analysed.status).toBe(201);
    score = analysed.body.analysis.healthScore;
    findingCount = analysed.body.analysis.findingCount;
    const again = await t.graphql('mutation Analyze($id: ID!) { analyzeWorkflow(id: $id) { reused } }', { id: workflowId }, org.apiKey);
    expect(again.body.data?.analyzeWorkflow.reused).toBe(true);
    // A 404 on REST, and a path that is no route at all.
    expect((await t.rest('GET', `/v1/workflows/${randomUUID()}`, undefined, org.apiKey)).status).toBe(404);
    expect((await t.rest('GET', '/no/such/path')).status).toBe(404);
    // A statement PostgreSQL refuses (division by zero, SQLSTATE 22012).
    await expect(t.orm.em.getConnection().execute('select 1 / 0')).rejects.toThrow();
    await t.metrics!.business.refresh(t.orm);

    after = await scrape();
  });

  it('serves the Prometheus text format', async () => {
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts HTTP requests by method, route template and status, with durations', () => {
    expect(moved('http_requests_total', { method: 'POST', route: '/graphql', status: '200' })).toBe(2);
    // GraphQL over HTTP answers with the status of the error (NOT_FOUND: 404).
    expect(moved('http_requests_total', { method: 'POST', route: '/graphql', status: '404' })).toBe(1);
    expect(moved('http_requests_total', { method: 'POST', route: '/v1/workflows', status: '201' })).toBe(1);
    expect(moved('http_requests_total', { method: 'GET', route: '/v1/workflows', status: '200' })).toBe(1);
    expect(moved('http_requests_total', { method: 'POST', route: '/v1/workflows/{id}/analyses', status: '201' })).toBe(1);
    expect(moved('http_requests_total', { method: 'GET', route: '/v1/workflows/{id}', status: '404' })).toBe(1);
    expect(moved('http_requests_total', { method: 'GET', route: 'other', status: '404' })).toBe(1);
    expect(moved('http_request_duration_seconds_count', { method: 'GET', route: '/v1/workflows/{id}' })).toBe(1);
    expect(moved('http_request_duration_seconds_sum', { route: '/graphql' })).toBeGreaterThan(0);
  });

  it('shows the scrape itself in flight, and nothing once it is answered', async () => {
    expect(total(after.samples, 'http_requests_in_flight')).toBe(1);
    const idle = parseMetrics(await t.metrics!.registry.metrics());
    expect(total(idle, 'http_requests_in_flight')).toBe(0);
  });

  it('times the GraphQL phases per operation and counts errors by code', () => {
    for (const phase of ['parse', 'validate', 'context', 'execute']) {
      expect(moved(`graphql_envelop_phase_${phase}_seconds_count`, { operation_name: 'Viewer', operation_type: 'query' })).toBe(1);
    }
    expect(moved('graphql_envelop_phase_execute_seconds_count', { operation_name: 'Analyze', operation_type: 'mutation' })).toBe(1);
    expect(moved('graphql_envelop_request_total', { operation_name: 'Anonymous' })).toBe(1);
    expect(moved('graphql_errors_total', { code: 'NOT_FOUND' })).toBe(1);
  });

  it('counts analyses by outcome and source, with duration, score and findings of the analyzer run', () => {
    expect(moved('wh_analyses_total', { outcome: 'completed', source: 'api' })).toBe(1);
    expect(moved('wh_analyses_total', { outcome: 'reused', source: 'api' })).toBe(1);
    expect(moved('wh_analysis_duration_seconds_count', { source: 'api' })).toBe(1);
    expect(score).toBeLessThan(100);
    expect(moved('wh_health_score_count')).toBe(1);
    expect(moved('wh_health_score_sum')).toBe(score);
    expect(findingCount).toBeGreaterThan(0);
    expect(moved('wh_findings_total')).toBe(findingCount);
    const findings = after.samples.filter((s) => s.name === 'wh_findings_total');
    expect(findings.every((s) => /^[a-z]+\/[a-z0-9-]+$/.test(s.labels.rule!) && /^(CRITICAL|HIGH|MEDIUM|LOW|INFO)$/.test(s.labels.severity!))).toBe(true);
  });

  it('times statements by operation kind, counts failures by SQLSTATE class and shows the pool', () => {
    expect(moved('wh_db_query_duration_seconds_count', { operation: 'select' })).toBeGreaterThan(5);
    expect(moved('wh_db_query_duration_seconds_count', { operation: 'insert' })).toBeGreaterThanOrEqual(2);
    expect(moved('wh_db_errors_total', { sqlstate_class: '22' })).toBe(1);
    const operations = new Set(after.samples.filter((s) => s.name === 'wh_db_query_duration_seconds_count').map((s) => s.labels.operation));
    expect([...operations].every((o) => ['select', 'insert', 'update', 'delete', 'with', 'other'].includes(o!))).toBe(true);
    expect(after.samples.filter((s) => s.name === 'wh_db_pool_connections').map((s) => s.labels.state).sort()).toEqual(['free', 'pending', 'used']);
    expect(total(after.samples, 'wh_db_pool_connections')).toBeGreaterThan(0);
  });

  it('reports the business gauges from the last refresh, labelled by enums only', () => {
    expect(total(after.samples, 'wh_organizations', { tier: 'PRO' })).toBeGreaterThanOrEqual(1);
    expect(after.samples.filter((s) => s.name === 'wh_organizations').map((s) => s.labels.tier).sort()).toEqual(['ENTERPRISE', 'FREE', 'PRO']);
    expect(total(after.samples, 'wh_subscriptions', { status: 'ACTIVE' })).toBeGreaterThanOrEqual(1);
    expect(total(after.samples, 'wh_active_users', { window: '24h' })).toBeGreaterThanOrEqual(1);
    expect(total(after.samples, 'wh_active_users', { window: '30d' })).toBeGreaterThanOrEqual(1);
    expect(total(after.samples, 'wh_workflows')).toBeGreaterThanOrEqual(1);
  });

  it('counts the response cache: look-ups by result, operation times, evictions', async () => {
    const before = (await scrape()).samples;
    const list = `/v1/workflows?locationId=${org.location.id}&first=7`;
    await t.rest('GET', list, undefined, org.apiKey);
    expect((await t.rest('GET', list, undefined, org.apiKey)).headers.get('x-cache')).toBe('HIT');
    await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: 'Evicts the list', definition: nativeWorkflow('Evicts') } }, org.apiKey);
    const samples = (await scrape()).samples;
    const grew = (name: string, labels: Record<string, string>) => total(samples, name, labels) - total(before, name, labels);
    // This app has no Redis: the memory backend.
    expect(grew('wh_cache_requests_total', { result: 'hit', backend: 'memory' })).toBe(1);
    expect(grew('wh_cache_requests_total', { result: 'miss', backend: 'memory' })).toBe(1);
    expect(grew('wh_cache_operation_duration_seconds_count', { backend: 'memory', operation: 'get' })).toBe(2);
    expect(grew('wh_cache_evictions_total', { backend: 'memory', reason: 'invalidated' })).toBeGreaterThanOrEqual(1);
  });

  it('records job events through the typed API before that feature lands', async () => {
    // Their families are declared from the start (tests/unit/monitoring-contract.test.ts).
    const metrics = t.metrics!;
    metrics.queue.depth({ waiting: 7, active: 2 });
    metrics.queue.finished({ queue: 'analyses', outcome: 'completed' }, 0.3);
    const samples = (await scrape()).samples;
    expect(total(samples, 'wh_queue_jobs', { state: 'waiting' })).toBe(7);
    expect(total(samples, 'wh_jobs_total', { queue: 'analyses', outcome: 'completed' })).toBe(1);
    expect(total(samples, 'wh_job_duration_seconds_count', { outcome: 'completed' })).toBe(1);
  });

  it('passes promtool check metrics', (ctx) => {
    const tool = findPromtool();
    if ('missing' in tool) return ctx.skip(tool.missing);
    const check = promtool(['check', 'metrics'], after.text);
    expect(check.output).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('rate-limit refusals', () => {
  it('count by tier and the limit hit', async () => {
    const limited = await createTestApp({ RATE_LIMITS: 'on', RATE_LIMIT_FREE_REQUESTS_PER_MINUTE: '2' });
    try {
      const free = await limited.tenant('FREE');
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.graphql('{ viewer { organization { name } } }', {}, free.apiKey)).status);
      expect(statuses).toEqual([200, 200, 429]);
      const samples = (await scrape(limited.app)).samples;
      expect(total(samples, 'wh_rate_limit_rejections_total', { tier: 'FREE', kind: 'requests' })).toBe(1);
      expect(total(samples, 'http_requests_total', { route: '/graphql', status: '429' })).toBe(1);
    } finally {
      await limited.close();
    }
  });
});
