import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { nativeWorkflow } from '../support/fixtures.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';
import { openOrm } from '../../src/db/orm.js';
import { readRows } from '../../src/db/read-rows.js';
import { TenantScope } from '../../src/db/tenant-scope.js';
import { WorkflowRepository } from '../../src/db/repositories/workflows.js';
import { AnalysisRepository } from '../../src/db/repositories/analyses.js';

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

describe('a list page and a history page', () => {
  it('are planned once per connection, not again on every request', async () => {
    // One pooled connection, so the statements it prepared are the ones pg_prepared_statements shows.
    const orm = await openOrm({ url: t.config.DATABASE_URL!, poolMax: 1 });
    try {
      // Enough rows that a plan for "some page size" looks costlier than one for a page of 20.
      await orm.em.getConnection().execute(
        `insert into workflows (id, organization_id, location_id, name, format, source, definition, content_hash, node_count, version)
         select gen_random_uuid(), ?, ?, 'w' || i, 'N8N', '{}', '{}', 'h', 0, 1 from generate_series(1, 2000) i`, [org.organization.id, org.location.id]);
      await orm.em.getConnection().execute('analyze workflows');
      const workflows = new WorkflowRepository(orm.em, new TenantScope(org.organization.id, [org.location.id]));
      // PostgreSQL plans a prepared statement's first five runs for their values, then keeps a
      // generic plan unless it looks costlier. With the page size as a parameter (`limit $3`) it
      // always did, and planning cost more than running the page.
      for (let i = 0; i < 8; i++) expect((await workflows.list({ locationId: org.location.id }, 'UPDATED_AT_DESC', 20)).items).toHaveLength(20);
      const plans = await readRows<{ generic_plans: string; custom_plans: string }>(orm.em,
        `select generic_plans, custom_plans from pg_prepared_statements
          where statement like '%from workflows where%order by updated_at desc%' and statement not like '%pg_prepared_statements%'`, []);
      expect(plans).toHaveLength(1);
      expect(plans[0]).toEqual({ custom_plans: '5', generic_plans: '3' });

      // A history page names its columns, so it is prepared too (a `select *` never is).
      const analyses = new AnalysisRepository(orm.em, new TenantScope(org.organization.id, [org.location.id]));
      for (let i = 0; i < 8; i++) expect((await analyses.history(workflowId, 20)).items).toHaveLength(1);
      const history = await readRows<{ generic_plans: string; custom_plans: string }>(orm.em,
        `select generic_plans, custom_plans from pg_prepared_statements
          where statement like '%from analyses where%order by created_at desc%' and statement not like '%pg_prepared_statements%'`, []);
      expect(history).toEqual([{ custom_plans: '5', generic_plans: '3' }]);
    } finally {
      await orm.close(true);
    }
  });
});
