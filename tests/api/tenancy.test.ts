import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { corpusWorkflow } from '../support/corpus.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/**
 * Every GraphQL field that takes an id, called by another organization with the victim's ids:
 * each answers NOT_FOUND (404), exactly like an unknown id, and nothing of the victim changes.
 */
let t: TestApp;
let victim: CreatedOrganization;
let intruder: CreatedOrganization;
let workflowId: string;
let analysisId: string;

beforeAll(async () => {
  t = await createTestApp();
  victim = await t.tenant();
  intruder = await t.tenant();
  const imported = await t.graphql(
    'mutation($input: ImportWorkflowInput!) { importWorkflow(input: $input) { id } }',
    { input: { locationId: victim.location.id, workflow: corpusWorkflow('Aggregate__1413_Aggregate_Telegram_Automation_Triggered.json') } },
    victim.apiKey,
  );
  workflowId = imported.body.data!.importWorkflow.id;
  analysisId = (await t.graphql('mutation($id: ID!) { analyzeWorkflow(id: $id) { analysis { id } } }', { id: workflowId }, victim.apiKey)).body.data!.analyzeWorkflow.analysis.id;
});
afterAll(() => t.close());

const snapshot = async () =>
  t.orm.em.getConnection().execute(
    `select (select json_agg(w order by id) from workflows w where organization_id = ?) as workflows,
            (select count(*) from analyses where organization_id = ?) as analyses,
            (select json_agg(k.revoked_at) from api_keys k where organization_id = ?) as keys,
            (select count(*) from locations where organization_id = ?) as locations`,
    [victim.organization.id, victim.organization.id, victim.organization.id, victim.organization.id],
  );

const cases: Array<[string, string, () => Record<string, unknown>]> = [
  ['workflow', 'query($id: ID!) { workflow(id: $id) { id } }', () => ({ id: workflowId })],
  ['analysis', 'query($id: ID!) { analysis(id: $id) { id } }', () => ({ id: analysisId })],
  ['analyses', 'query($id: ID!) { analyses(workflowId: $id) { edges { cursor } } }', () => ({ id: workflowId })],
  ['location', 'query($id: ID!) { location(id: $id) { id } }', () => ({ id: victim.location.id })],
  ['locationHealth', 'query($id: ID!) { locationHealth(locationId: $id) { days } }', () => ({ id: victim.location.id })],
  ['workflows(locationId)', 'query($id: ID!) { workflows(locationId: $id) { edges { cursor } } }', () => ({ id: victim.location.id })],
  ['updateWorkflow', 'mutation($id: ID!) { updateWorkflow(input: { id: $id, expectedVersion: 1, name: "pwned" }) { id } }', () => ({ id: workflowId })],
  ['deleteWorkflow', 'mutation($id: ID!) { deleteWorkflow(id: $id) { id } }', () => ({ id: workflowId })],
  ['analyzeWorkflow', 'mutation($id: ID!) { analyzeWorkflow(id: $id) { reused } }', () => ({ id: workflowId })],
  [
    'createWorkflow',
    'mutation($id: ID!) { createWorkflow(input: { locationId: $id, name: "x", definition: { format: "native", version: 1, name: "x", nodes: [{ id: "a", name: "A", kind: "TRIGGER" }], edges: [] } }) { id } }',
    () => ({ id: victim.location.id }),
  ],
  ['importWorkflow', 'mutation($id: ID!) { importWorkflow(input: { locationId: $id, workflow: { nodes: [], connections: {} } }) { id } }', () => ({ id: victim.location.id })],
  ['revokeApiKey', 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', () => ({ id: victim.apiKeyId })],
  ['createApiKey(locationIds)', 'mutation($id: ID!) { createApiKey(input: { name: "x", locationIds: [$id] }) { key } }', () => ({ id: victim.location.id })],
];

describe('cross-tenant access answers NOT_FOUND', () => {
  for (const [name, query, variables] of cases) {
    it(name, async () => {
      const before = await snapshot();
      const res = await t.graphql(query, variables(), intruder.apiKey);
      expect(res.status).toBe(404);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain('Dsp agent');
      expect(await snapshot()).toEqual(before);
    });
  }

  it('the victim still sees everything unchanged', async () => {
    const res = await t.graphql('query($id: ID!) { workflow(id: $id) { name version latestAnalysis { id } } }', { id: workflowId }, victim.apiKey);
    expect(res.body.data?.workflow).toEqual({ name: 'Dsp agent', version: 1, latestAnalysis: { id: analysisId } });
  });

  it('lists never include another tenant rows', async () => {
    const res = await t.graphql('{ workflows(first: 100) { edges { node { id } } } locations { id } }', {}, intruder.apiKey);
    expect(res.body.data?.workflows.edges).toEqual([]);
    expect(res.body.data?.locations).toEqual([{ id: intruder.location.id }]);
  });
});
