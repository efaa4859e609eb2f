import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { parseMetrics, type Sample } from '../support/prometheus.js';
import { ROUTE_TEMPLATES } from '../../src/metrics/routes.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/**
 * 300 requests, each with an id and (on GraphQL) an operation name never seen before: no label
 * carries an id, operation names stop at the bound, and the second half of the traffic adds no
 * series at all.
 */
const MAX_OPERATION_NAMES = 10;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let t: TestApp;
let org: CreatedOrganization;
beforeAll(async () => {
  t = await createTestApp({ METRICS_MAX_OPERATION_NAMES: String(MAX_OPERATION_NAMES) });
  org = await t.tenant();
});
afterAll(() => t.close());

/** Request-driven series (the process_* and nodejs_* runtime families are left out). */
async function requestSeries(): Promise<Sample[]> {
  const res = await t.app.fetch('http://test/metrics');
  return parseMetrics(await res.text()).filter((s) => !/^(process|nodejs)_/.test(s.name));
}

/** 150 requests: REST reads of unknown workflows and analyses, and uniquely named GraphQL queries. */
async function traffic(batch: number) {
  for (let i = 0; i < 50; i++) {
    const id = randomUUID();
    expect((await t.rest('GET', `/v1/workflows/${id}`, undefined, org.apiKey)).status).toBe(404);
    expect((await t.rest('GET', `/v1/analyses/${randomUUID()}`, undefined, org.apiKey)).status).toBe(404);
    // Half the names are plain and new each time, half carry the id itself.
    const name = i % 2 === 0 ? `WorkflowLookup${batch}x${i}` : `Lookup_${id.replaceAll('-', '_')}`;
    const res = await t.graphql(`query ${name}($id: ID!) { workflow(id: $id) { id } }`, { id }, org.apiKey);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }
}

describe('label cardinality', () => {
  let first: Sample[];
  let second: Sample[];

  beforeAll(async () => {
    // A scrape counts once answered: one ahead, so /metrics' own series exist in both.
    await requestSeries();
    await traffic(1);
    first = await requestSeries();
    await traffic(2);
    second = await requestSeries();
  }, 120_000);

  it('puts no id in any label', () => {
    const withId = second.filter((s) => Object.values(s.labels).some((v) => UUID.test(v) || /[0-9a-f]{32}/i.test(v.replaceAll('_', ''))));
    expect(withId).toEqual([]);
  });

  it('labels routes by template only', () => {
    const routes = new Set(second.filter((s) => s.labels.route !== undefined).map((s) => s.labels.route));
    expect([...routes].every((r) => ROUTE_TEMPLATES.includes(r!))).toBe(true);
    expect(routes).toContain('/v1/workflows/{id}');
    expect(routes).toContain('/v1/analyses/{id}');
  });

  it('keeps operation names to the configured bound, then "other"', () => {
    const names = new Set(second.filter((s) => s.labels.operation_name !== undefined).map((s) => s.labels.operation_name));
    expect(names.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 1);
    expect(names).toContain('other');
    const other = second.find((s) => s.name === 'graphql_envelop_request_total' && s.labels.operation_name === 'other');
    expect(other?.value).toBe(100 - MAX_OPERATION_NAMES);
  });

  it('adds no series for the second 150 requests', () => {
    const key = (s: Sample) => `${s.name}${JSON.stringify(s.labels)}`;
    expect(second.map(key).sort()).toEqual(first.map(key).sort());
    expect(second.length).toBeLessThan(1000);
  });
});
