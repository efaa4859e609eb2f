import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { nativeWorkflow } from '../support/fixtures.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/**
 * A document runs with graphql-js the first time and compiled (graphql-jit) from then on
 * (src/plugins/ordered-execution.ts). A client must not be able to tell which one answered: the
 * same bytes and status, errors included. And a list page reads only the columns its query
 * shows, which must never cost a field its value.
 */
let t: TestApp;
let org: CreatedOrganization;
let counted: Orm;
let app: ReturnType<typeof createApp>;
const statements: string[] = [];
let workflowId: string;

beforeAll(async () => {
  t = await createTestApp({ CACHE: 'off' });
  org = await t.tenant();
  for (let i = 0; i < 3; i++) {
    const wf = await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: `Compiled ${i}`, description: `About ${i}`, definition: nativeWorkflow() } }, org.apiKey);
    workflowId = wf.body.id;
    await t.rest('POST', `/v1/workflows/${wf.body.id}/analyses`, undefined, org.apiKey);
  }
  counted = await openOrm({ url: t.config.DATABASE_URL!, poolMax: 2, onQuery: (sql) => statements.push(sql) });
  app = createApp({ config: t.config, orm: counted, log: createLogger('silent') });
});
afterAll(async () => {
  await counted.close(true);
  await t.close();
});

async function post(query: string, variables?: Record<string, unknown>): Promise<{ status: number; text: string }> {
  const res = await app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, text: await res.text() };
}

/** Three runs of one document: the first by graphql-js, the others compiled. */
async function threeRuns(query: string, variables?: Record<string, unknown>) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await post(query, variables));
  return runs;
}

describe('compiled execution', () => {
  it('answers field errors with the same bytes, locations and status on the first and later runs', async () => {
    const query = `{
      missing: workflow(id: "00000000-0000-4000-8000-000000000000") { id }
      malformed: workflow(id: "nope") { id }
      fine: workflow(id: "${workflowId}") { id name }
    }`;
    const runs = await threeRuns(query);
    expect(new Set(runs.map((r) => r.text)).size, runs.map((r) => r.text).join('\n')).toBe(1);
    expect(new Set(runs.map((r) => r.status))).toEqual(new Set([runs[0]!.status]));
    const body = JSON.parse(runs[2]!.text);
    expect(body.data.fine.name).toMatch(/^Compiled /);
    const byPath = Object.fromEntries(body.errors.map((e: { path: string[] }) => [e.path[0], e]));
    expect(byPath.missing).toMatchObject({ extensions: { code: 'NOT_FOUND' }, locations: [{ line: 2, column: 7 }] });
    expect(byPath.malformed).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, locations: [{ line: 3, column: 7 }] });
  });

  it('answers a variable that does not coerce with graphql-js words on every run (400)', async () => {
    const runs = await threeRuns('query($n: Int) { workflows(first: $n) { totalCount } }', { n: 'ten' });
    for (const run of runs) {
      expect(run.status).toBe(400);
      expect(run.text).toBe(runs[0]!.text);
    }
    expect(JSON.parse(runs[0]!.text).errors[0]).toMatchObject({
      message: 'Variable "$n" got invalid value "ten"; Int cannot represent non-integer value: "ten"',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('runs the fields of a mutation one after another when compiled too', async () => {
    const query = `mutation($id: ID!, $v: Int!) {
      first: updateWorkflow(input: { id: $id, expectedVersion: $v, name: "Renamed once" }) { version name }
      second: updateWorkflow(input: { id: $id, expectedVersion: $v, name: "Renamed twice" }) { version name }
    }`;
    for (let run = 0; run < 3; run++) {
      const current = JSON.parse((await post('query($id: ID!) { workflow(id: $id) { version } }', { id: workflowId })).text).data.workflow.version;
      const body = JSON.parse((await post(query, { id: workflowId, v: current })).text);
      // The second ran after the first had changed the version: a conflict, never a lost update
      // (the field is non-null, so its error nulls `data`).
      expect(body.errors, JSON.stringify(body)).toHaveLength(1);
      expect(body.errors[0]).toMatchObject({ path: ['second'], extensions: { code: 'CONFLICT' } });
      const after = JSON.parse((await post('query($id: ID!) { workflow(id: $id) { version name } }', { id: workflowId })).text).data.workflow;
      expect(after).toEqual({ version: current + 1, name: 'Renamed once' });
    }
  });
});

describe('list columns', () => {
  const fields = 'id locationId name description format status version contentHash nodeCount latestScore latestGrade latestAnalysisId createdAt updatedAt';

  it('shows every field asked for through fragments as the single-workflow read does', async () => {
    // Timestamps too: a list page reads them as text formatted by PostgreSQL, the single read as Dates.
    const query = `fragment Some on Workflow { description createdAt ... on Workflow { nodeCount contentHash updatedAt } }
      { workflows(first: 10) { edges { node { id ...Some ... { version latestAnalysis { id } location { id } } } } } }`;
    const [list] = await threeRuns(query);
    const nodes = JSON.parse(list!.text).data.workflows.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      const one = JSON.parse((await post(`query($id: ID!) { workflow(id: $id) { ${fields} } }`, { id: node.id })).text).data.workflow;
      expect(node).toEqual({
        id: one.id,
        description: one.description,
        createdAt: one.createdAt,
        nodeCount: one.nodeCount,
        contentHash: one.contentHash,
        updatedAt: one.updatedAt,
        version: one.version,
        latestAnalysis: { id: one.latestAnalysisId },
        location: { id: one.locationId },
      });
      expect(node.description).toMatch(/^About /);
    }
  });

  it('reads only the columns a page shows, and all of them when it cannot tell', async () => {
    const listStatement = async (query: string) => {
      statements.length = 0;
      expect((await post(query)).status).toBe(200);
      return statements.find((sql) => /from workflows where/.test(sql)) ?? '';
    };
    const narrow = await listStatement('{ workflows(first: 5) { edges { node { id name } } } }');
    expect(narrow).toMatch(/select id, /);
    expect(narrow).not.toMatch(/description|content_hash|created_at/);
    // The tenant is in the WHERE; its columns are not read for a page that does not show them.
    expect(narrow).not.toMatch(/"organizationId"|"locationId"/);
    const wide = await listStatement(`{ workflows(first: 5) { edges { node { ${fields} } } } }`);
    expect(wide).toMatch(/description/);
    expect(wide).toMatch(/content_hash/);
  });
});
