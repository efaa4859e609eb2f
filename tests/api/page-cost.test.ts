import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { createTestApp, type TestApp } from '../support/app.js';
import { queryNodes } from '../../src/plugins/page-cost.js';
import { getSchema } from '../../src/schema/index.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

let t: TestApp;
let org: CreatedOrganization;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.tenant();
});
afterAll(() => t.close());

const HEAVY = '{ workflows(first: 100) { edges { node { latestAnalysis { findings { message remediation } } } } } }';
const NESTED = 'query($n: Int) { workflows(first: $n) { edges { node { analyses(first: $n) { edges { node { id } } } } } } }';

describe('page sizes multiply through nested lists', () => {
  it('counts first × first, defaults included', () => {
    const schema = getSchema();
    expect(queryNodes(schema, parse(NESTED), { n: 100 })).toBe(100 + 100 + 100 + 10_000 + 10_000 + 10_000);
    // workflows 100, edges 100, nodes 100, latestAnalysis 100, findings 100 × 100 by default.
    expect(queryNodes(schema, parse(HEAVY))).toBe(400 + 10_000);
    expect(queryNodes(schema, parse('{ workflows { edges { node { id } } } }'))).toBe(60);
  });

  it('refuses a 100 × 100 nested page query and the heavy findings query before they run, with the limit in the message', async () => {
    for (const [query, variables] of [[NESTED, { n: 100 }], [HEAVY, {}]] as const) {
      const res = await t.graphql(query, variables, org.apiKey);
      expect(res.status).toBe(400);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.message).toMatch(/limit is 5000/);
    }
    // Smaller pages pass.
    const ok = await t.graphql(NESTED, { n: 20 }, org.apiKey);
    expect(ok.status).toBe(200);
  });

  it('caps findings (default 100, at most 1000)', async () => {
    const workflow = { nodes: [{ name: 'Call', type: 'n8n-nodes-base.httpRequest', position: [0, 0], parameters: { apiKey: 'sk-live-' + 'Q7w'.repeat(12) } }], connections: {} };
    const wf = await t.rest('POST', '/v1/workflows/import', { input: { locationId: org.location.id, workflow } }, org.apiKey);
    await t.rest('POST', `/v1/workflows/${wf.body.id}/analyses`, undefined, org.apiKey);
    const one = await t.graphql('{ workflows(first: 1) { edges { node { latestAnalysis { findingCount findings(first: 1) { ruleId } } } } } }', {}, org.apiKey);
    const analysis = one.body.data?.workflows.edges[0].node.latestAnalysis;
    expect(analysis.findingCount).toBeGreaterThan(1);
    expect(analysis.findings).toHaveLength(1);
    const res = await t.graphql('{ workflows(first: 1) { edges { node { latestAnalysis { findings(first: 1001) { ruleId } } } } } }', {}, org.apiKey);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
