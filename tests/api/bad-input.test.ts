import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/** Bad input on the GraphQL surface: a clear 4xx naming the field, and nothing stored changes. */
let t: TestApp;
let org: CreatedOrganization;
beforeAll(async () => {
  t = await createTestApp({ MAX_WORKFLOW_NODES: '50' });
  org = await t.tenant();
});
afterAll(() => t.close());

const count = async () => (await t.orm.em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from workflows'))[0]!.n;
const IMPORT = 'mutation($input: ImportWorkflowInput!) { importWorkflow(input: $input) { id } }';

function n8nWithNodes(n: number) {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, name: `Node ${i}`, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [i, 0], parameters: {} }));
  return { nodes, connections: {} };
}

describe('bad input on GraphQL', () => {
  it('malformed JSON body → 400', async () => {
    const res = await t.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}` },
      body: '{"query": "{ viewer { role } }"',
    });
    expect(res.status).toBe(400);
  });

  it('a file that is not a workflow → 400 naming input.workflow and why', async () => {
    const res = await t.graphql(IMPORT, { input: { locationId: org.location.id, workflow: { hello: 'world' } } }, org.apiKey);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.details?.[0]).toMatchObject({ field: 'input.workflow' });
    expect(res.body.errors?.[0]?.extensions?.details?.[0]?.message).toMatch(/nodes/);
  });

  it('a workflow over the node limit → 400 on input.workflow.nodes', async () => {
    const res = await t.graphql(IMPORT, { input: { locationId: org.location.id, workflow: n8nWithNodes(51) } }, org.apiKey);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.details?.[0]).toEqual({ field: 'input.workflow.nodes', message: 'has 51 nodes; the limit is 50' });
  });

  it('an unknown enum value → 400', async () => {
    const res = await t.graphql(IMPORT, { input: { locationId: org.location.id, workflow: n8nWithNodes(1), format: 'ZAPIER' } }, org.apiKey);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/input.*format|ZAPIER/);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a bad cursor or page size → 400 naming the argument', async () => {
    const cursor = await t.graphql('{ workflows(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }', {}, org.apiKey);
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors?.[0]?.extensions?.details?.[0]?.field).toBe('after');
    for (const first of [-1, 0, 101]) {
      const res = await t.graphql('query($n: Int) { workflows(first: $n) { edges { cursor } } }', { n: first }, org.apiKey);
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.extensions?.details?.[0]?.field).toBe('first');
    }
  });

  it('a malformed id → 400; an unknown one → 404', async () => {
    expect((await t.graphql('{ workflow(id: "42") { id } }', {}, org.apiKey)).status).toBe(400);
    expect((await t.graphql('{ workflow(id: "00000000-0000-4000-8000-000000000000") { id } }', {}, org.apiKey)).status).toBe(404);
  });

  it('a body over MAX_BODY_BYTES → 413', async () => {
    const huge = { nodes: [{ name: 'x'.repeat(t.config.MAX_BODY_BYTES), type: 'n8n-nodes-base.noOp', position: [0, 0], parameters: {} }], connections: {} };
    const res = await t.graphql(IMPORT, { input: { locationId: org.location.id, workflow: huge } }, org.apiKey);
    expect(res.status).toBe(413);
  });

  it('too deep or too many aliases → refused before execution', async () => {
    const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`;
    const res = await t.graphql(aliases, {}, org.apiKey);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/Aliases limit/);
    expect(res.body.data).toBeUndefined();
    const nest = (depth: number): string => (depth === 0 ? 'id' : `latestAnalysis { workflow { ${nest(depth - 1)} } }`);
    const deep = await t.graphql(`{ workflows { edges { node { ${nest(8)} } } } }`, {}, org.apiKey);
    // Armor checks cost before depth; either way the query never runs.
    expect(deep.body.errors?.[0]?.message).toMatch(/depth limit|cost limit/i);
    expect(deep.body.data).toBeUndefined();
  });

  it('text PostgreSQL cannot store (NUL, unpaired surrogate) → 400 naming the field, not a failed insert', async () => {
    const withName = (name: string) => ({ nodes: [{ name, type: 'n8n-nodes-base.webhook', position: [0, 0], parameters: {} }], connections: {} });
    const nul = await t.graphql(IMPORT, { input: { locationId: org.location.id, workflow: withName('a\u0000b') } }, org.apiKey);
    expect(nul.status).toBe(400);
    expect(nul.body.errors?.[0]?.extensions?.details?.[0]).toEqual({ field: 'input.workflow.nodes[0].name', message: 'contains a NUL character (\\u0000)' });
    const surrogate = await t.graphql(IMPORT, { input: { locationId: org.location.id, workflow: withName('ok'), name: 'x\ud800' } }, org.apiKey);
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.errors?.[0]?.extensions?.details?.[0]?.field).toBe('input.name');
    const search = await t.graphql('query($s: String) { workflows(search: $s) { edges { cursor } } }', { s: '\u0000' }, org.apiKey);
    expect(search.status).toBe(400);
  });

  it('a definition nested absurdly deep → 400, not a stack overflow', async () => {
    const body = `{"query":"mutation($i: ImportWorkflowInput!) { importWorkflow(input: $i) { id } }","variables":{"i":{"locationId":"${org.location.id}","workflow":{"nodes":[{"name":"a","type":"n8n-nodes-base.webhook","position":[0,0],"parameters":{"x":${'['.repeat(5000) + ']'.repeat(5000)}}}],"connections":{}}}}}`;
    const res = await t.app.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}` }, body });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].message).toMatch(/nested deeper than 100 levels/);
  });

  it('after all of that nothing was stored and the server still answers', async () => {
    expect(await count()).toBe(0);
    expect((await t.graphql('{ viewer { role } }', {}, org.apiKey)).status).toBe(200);
  });
});
