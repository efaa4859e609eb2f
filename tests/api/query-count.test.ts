import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { nativeWorkflow } from '../support/fixtures.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/**
 * N+1 guard: a page of workflows with their location, latest analysis and findings costs the
 * same number of SQL statements for 2 workflows as for 12 (batched by the request's loaders).
 */
let t: TestApp;
let org: CreatedOrganization;
let counted: Orm;
const statements: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  org = await t.tenant();
  for (let i = 0; i < 12; i++) {
    const created = await t.graphql<{ createWorkflow: { id: string } }>(
      'mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }',
      { input: { locationId: org.location.id, name: `Flow ${i}`, definition: nativeWorkflow(`Flow ${i}`) } },
      org.apiKey,
    );
    await t.graphql('mutation($id: ID!) { analyzeWorkflow(id: $id) { reused } }', { id: created.body.data!.createWorkflow.id }, org.apiKey);
  }
  counted = await openOrm({ url: t.config.DATABASE_URL!, poolMax: 2, onQuery: (sql) => statements.push(sql) });
});
afterAll(async () => {
  await counted.close(true);
  await t.close();
});

async function statementsFor(first: number): Promise<number> {
  const app = createApp({ config: t.config, orm: counted, log: createLogger('silent') });
  statements.length = 0;
  const res = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}` },
    body: JSON.stringify({
      query: `query($n: Int) { workflows(first: $n) { edges { node { name location { name } latestAnalysis { healthScore findings { ruleId } } } } } }`,
      variables: { n: first },
    }),
  });
  const body = await res.json();
  expect(body.data.workflows.edges).toHaveLength(first);
  return statements.length;
}

describe('batched loading', () => {
  it('issues as many statements for 12 workflows as for 2', async () => {
    const two = await statementsFor(2);
    const twelve = await statementsFor(12);
    expect(twelve).toBe(two);
    expect(twelve).toBeLessThanOrEqual(6);
  });
});
