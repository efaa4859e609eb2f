import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { nativeWorkflow } from '../support/fixtures.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/**
 * Hot reads are prepared statements, planned once per pooled connection (src/db/read-rows.ts).
 * A migration that adds a column while the servers run (a rolling deploy) must not break them:
 * a prepared `select *` would then fail with "cached plan must not change result type".
 */
let t: TestApp;
let org: CreatedOrganization;
let workflowId: string;

beforeAll(async () => {
  t = await createTestApp({ CACHE: 'off' });
  org = await t.tenant();
  const wf = await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: 'Before the migration', definition: nativeWorkflow() } }, org.apiKey);
  workflowId = wf.body.id;
  await t.rest('POST', `/v1/workflows/${workflowId}/analyses`, undefined, org.apiKey);
});
afterAll(() => t.close());

const READS = {
  list: 'query($l: ID!) { workflows(locationId: $l, first: 5) { totalCount edges { node { id name description createdAt } } } }',
  byId: 'query($id: ID!) { workflow(id: $id) { id name latestAnalysis { id grade findings { ruleId } } } }',
  history: 'query($id: ID!) { analyses(workflowId: $id, first: 5) { totalCount edges { node { id healthScore } } } }',
  health: 'query($l: ID!) { locationHealth(locationId: $l, days: 30) { daily { analyses } atRisk { id } } }',
};

async function readAll(): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  for (const [name, query] of Object.entries(READS)) {
    const res = await t.graphql(query, { l: org.location.id, id: workflowId }, org.apiKey);
    expect(res.body.errors, `${name}: ${JSON.stringify(res.body.errors)}`).toBeUndefined();
    answers[name] = res.body.data;
  }
  return answers;
}

describe('a column added while the server runs', () => {
  it('leaves every hot read answering as before', async () => {
    // Several rounds, so that every pooled connection has prepared what it runs.
    let before: Record<string, unknown> = {};
    for (let i = 0; i < 6; i++) before = await readAll();
    const sql = (text: string) => t.orm.em.getConnection().execute(text);
    for (const table of ['workflows', 'analyses', 'findings', 'locations', 'location_current', 'location_daily']) {
      await sql(`alter table ${table} add column added_by_test text`);
    }
    for (let i = 0; i < 6; i++) expect(await readAll()).toEqual(before);
  });
});
