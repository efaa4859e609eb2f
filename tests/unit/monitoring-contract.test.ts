import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createAppMetrics } from '../../src/metrics/app-metrics.js';
import { familiesOf, findPromtool, promtool } from '../support/prometheus.js';

/**
 * The metric names are a contract with dashboards and alert rules: the families the design
 * names exist with their labels, and every series deploy/ refers to is one the app exposes.
 */
let families: Map<string, string>;
let redis: Redis;

beforeAll(async () => {
  const metrics = createAppMetrics();
  // A real client that never connects (lazyConnect), so that wh_redis_up is registered.
  redis = new Redis({ lazyConnect: true });
  metrics.watchRedis(redis);
  families = familiesOf(await metrics.registry.metrics());
});
afterAll(() => redis.disconnect());

const EXPECTED: [name: string, type: string][] = [
  ['http_requests_total', 'counter'],
  ['http_request_duration_seconds', 'histogram'],
  ['http_requests_in_flight', 'gauge'],
  ['graphql_envelop_phase_parse_seconds', 'histogram'],
  ['graphql_envelop_phase_validate_seconds', 'histogram'],
  ['graphql_envelop_phase_context_seconds', 'histogram'],
  ['graphql_envelop_phase_execute_seconds', 'histogram'],
  ['graphql_envelop_phase_subscribe_seconds', 'histogram'],
  ['graphql_envelop_request_total', 'counter'],
  ['graphql_errors_total', 'counter'],
  ['wh_analyses_total', 'counter'],
  ['wh_analysis_duration_seconds', 'histogram'],
  ['wh_health_score', 'histogram'],
  ['wh_findings_total', 'counter'],
  ['wh_db_query_duration_seconds', 'histogram'],
  ['wh_db_pool_connections', 'gauge'],
  ['wh_db_errors_total', 'counter'],
  ['wh_cache_requests_total', 'counter'],
  ['wh_cache_evictions_total', 'counter'],
  ['wh_cache_operation_duration_seconds', 'histogram'],
  ['wh_rate_limit_rejections_total', 'counter'],
  ['wh_queue_jobs', 'gauge'],
  ['wh_job_duration_seconds', 'histogram'],
  ['wh_jobs_total', 'counter'],
  ['wh_active_users', 'gauge'],
  ['wh_organizations', 'gauge'],
  ['wh_subscriptions', 'gauge'],
  ['wh_workflows', 'gauge'],
  ['wh_redis_up', 'gauge'],
];

/** Words of PromQL (functions, aggregations, operators) that are not series names. */
const PROMQL_WORDS = new Set(
  (
    'sum avg min max count topk bottomk quantile stddev stdvar count_values group by without on ignoring group_left group_right ' +
    'and or unless offset bool rate irate increase delta idelta deriv histogram_quantile abs ceil floor round clamp_min clamp_max ' +
    'absent absent_over_time avg_over_time max_over_time min_over_time sum_over_time count_over_time label_replace vector scalar time'
  ).split(' '),
);

/** The series names a PromQL expression reads (label matchers, ranges, grouping and strings removed). */
function seriesNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\$\w+/g, '');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((w) => !PROMQL_WORDS.has(w));
}

/** The family a series belongs to (`x_bucket` of histogram `x` is `x`). */
function familyOf(series: string): string | undefined {
  if (families.has(series)) return series;
  const base = series.replace(/_(bucket|sum|count)$/, '');
  return families.get(base) === 'histogram' ? base : undefined;
}

describe('metric families', () => {
  it('exist with the names and types dashboards and alerts rely on', () => {
    for (const [name, type] of EXPECTED) expect(families.get(name), name).toBe(type);
  });

  it('reads series names out of PromQL', () => {
    expect(seriesNames('histogram_quantile(0.99, sum by (le) (rate(x_bucket{route!="/metrics"}[5m]))) > 1 and y{a="b"}')).toEqual(['x_bucket', 'y']);
  });
});

describe('deploy/grafana/workflow-health.json', () => {
  const dashboard = JSON.parse(readFileSync('deploy/grafana/workflow-health.json', 'utf8')) as {
    title: string;
    panels: { type: string; title: string; targets?: { expr: string }[] }[];
  };
  const graphs = dashboard.panels.filter((p) => p.type !== 'row');
  const exprs = graphs.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

  it('is a dashboard whose every panel has a query', () => {
    expect(dashboard.title).toBe('Workflow Health API');
    expect(graphs.length).toBeGreaterThan(10);
    expect(graphs.every((p) => (p.targets ?? []).length > 0)).toBe(true);
  });

  it('queries only series the app exposes', () => {
    const unknown = exprs.flatMap(seriesNames).filter((s) => !familyOf(s));
    expect(unknown).toEqual([]);
  });

  it('covers requests, latency, errors, cache hit rate, rejections, analyses, score distribution and queue', () => {
    const used = new Set(exprs.flatMap(seriesNames).map((s) => familyOf(s)));
    for (const family of [
      'http_requests_total',
      'http_request_duration_seconds',
      'graphql_errors_total',
      'wh_cache_requests_total',
      'wh_rate_limit_rejections_total',
      'wh_analyses_total',
      'wh_health_score',
      'wh_queue_jobs',
    ]) {
      expect(used, family).toContain(family);
    }
  });
});

describe('deploy/prometheus/alerts.yml', () => {
  const rules = (parseYaml(readFileSync('deploy/prometheus/alerts.yml', 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules);

  it('has the 5xx, latency, Redis, queue and analysis-failure alerts over series the app exposes', () => {
    expect(rules.map((r) => r.alert).sort()).toEqual([
      'WorkflowHealthAnalysisFailures',
      'WorkflowHealthHigh5xxRate',
      'WorkflowHealthHighLatencyP99',
      'WorkflowHealthQueueBacklog',
      'WorkflowHealthRedisDown',
    ]);
    const unknown = rules.flatMap((r) => seriesNames(r.expr)).filter((s) => !familyOf(s));
    expect(unknown).toEqual([]);
  });

  it('passes promtool check rules, and its unit tests (alerts.test.yml) pass', (ctx) => {
    const tool = findPromtool();
    if ('missing' in tool) return ctx.skip(tool.missing);
    const check = promtool(['check', 'rules', 'deploy/prometheus/alerts.yml']);
    expect(check.output).toContain('SUCCESS: 5 rules found');
    expect(check.status).toBe(0);
    const tests = promtool(['test', 'rules', 'deploy/prometheus/alerts.test.yml']);
    expect(tests.output).toContain('SUCCESS');
    expect(tests.status).toBe(0);
  });
});
