import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { capturingApp, expectClientError, storedCounts } from '../support/hostile.js';
import { nativeWorkflow } from '../support/fixtures.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

let t: TestApp;
let org: CreatedOrganization;
let workflowId: string;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.tenant();
  const created = await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: 'Target', definition: nativeWorkflow() } }, org.apiKey);
  workflowId = created.body.id;
  await t.rest('POST', `/v1/workflows/${workflowId}/analyses`, undefined, org.apiKey);
});
afterAll(() => t.close());

const cursor = (...values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
const UUID = '00000000-0000-4000-8000-000000000000';
const IMPOSSIBLE_TIMES = ['2026-02-30 12:00:00', '2026-01-01 25:61:61', '0000-00-00 00:00:00', '2026-13-01 00:00:00', '2026-01-01 00:00:00+99:00', '2026-04-31T00:00:00Z'];

/** Sends each request through an app that captures its logs; checks the family's invariants. */
async function expectAllRefused(requests: Array<{ path: string; init?: RequestInit }>, status = 400) {
  const { app, lines } = capturingApp(t);
  const before = await storedCounts(t);
  for (const [i, { path, init }] of requests.entries()) {
    const res = await app.fetch(`http://test${path}`, {
      ...init,
      headers: { accept: path.startsWith('/graphql') ? 'application/graphql-response+json' : 'application/json', 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}`, 'x-request-id': `hostile-${i}`, ...init?.headers },
    });
    const body = await res.text();
    expectClientError(res.status, body, status);
  }
  expect(await storedCounts(t)).toEqual(before);
  // A 4xx is expected, not an unexpected error: nothing is logged at error level, and every
  // request line carries its request id.
  expect(lines().filter((l) => l.level >= 50)).toEqual([]);
  expect(lines().filter((l) => l.msg === 'request').map((l) => l.reqId)).toEqual(requests.map((_, i) => `hostile-${i}`));
  // …and the server still answers.
  expect((await t.graphql('{ viewer { role } }', {}, org.apiKey)).status).toBe(200);
}

const gql = (query: string, variables?: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify({ query, variables }) });

describe('forged cursors → 400 on after, on both surfaces', () => {
  it('impossible timestamps in workflow and history cursors', async () => {
    const requests = IMPOSSIBLE_TIMES.flatMap((time) => [
      { path: '/graphql', init: gql('query($a: String) { workflows(after: $a) { edges { cursor } } }', { a: cursor('workflows:UPDATED_AT_DESC', time, UUID) }) },
      { path: '/graphql', init: gql('query($a: String, $w: ID!) { analyses(workflowId: $w, after: $a) { edges { cursor } } }', { a: cursor('analyses', time, UUID), w: workflowId }) },
      { path: `/v1/workflows?after=${cursor('workflows:UPDATED_AT_DESC', time, UUID)}` },
      { path: `/v1/workflows/${workflowId}/analyses?after=${cursor('analyses', time, UUID)}` },
    ]);
    await expectAllRefused(requests);
  });

  it('a NUL or a lone surrogate in a name cursor', async () => {
    const requests = ['a\u0000b', '\u0000', 'x\ud800'].flatMap((name) => [
      { path: '/graphql', init: gql('query($a: String) { workflows(orderBy: NAME_ASC, after: $a) { edges { cursor } } }', { a: cursor('workflows:NAME_ASC', name, UUID) }) },
      { path: `/v1/workflows?orderBy=NAME_ASC&after=${cursor('workflows:NAME_ASC', name, UUID)}` },
    ]);
    await expectAllRefused(requests);
  });

  it('names the argument', async () => {
    const res = await t.graphql('query($a: String) { workflows(after: $a) { edges { cursor } } }', { a: cursor('workflows:UPDATED_AT_DESC', '2026-02-30 12:00:00', UUID) }, org.apiKey);
    expect(res.body.errors?.[0]?.extensions?.details).toEqual([expect.objectContaining({ field: 'after' })]);
    const rest = await t.rest('GET', `/v1/workflows?after=${cursor('workflows:UPDATED_AT_DESC', '2026-02-30 12:00:00', UUID)}`, undefined, org.apiKey);
    expect(rest.body.error.details).toEqual([expect.objectContaining({ field: 'after' })]);
  });
});

describe('absurd nesting → 400, not a stack overflow', () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it('a REST body nested 10,000 deep, at the top and inside the input', async () => {
    await expectAllRefused([
      { path: '/v1/workflows', init: { method: 'POST', body: `{"input": ${nested(10_000)}}` } },
      { path: '/v1/workflows', init: { method: 'POST', body: `{"input": {"locationId": "${org.location.id}", "name": "deep", "definition": {"nodes": ${nested(10_000)}}}}` } },
      { path: `/v1/workflows/${workflowId}`, init: { method: 'PATCH', body: `{"input": {"expectedVersion": 1, "definition": ${nested(10_000)}}}` } },
      { path: '/v1/analyze', init: { method: 'POST', body: `{"input": {"definition": ${nested(10_000)}}}` } },
    ]);
  });

  it('GraphQL variables nested 10,000 deep', async () => {
    await expectAllRefused([
      { path: '/graphql', init: { method: 'POST', body: `{"query": "mutation($d: JSON) { analyzeDefinition(input: {definition: $d}) { findings { ruleId } } }", "variables": {"d": ${nested(10_000)}}}` } },
    ]);
  });

  it('a GraphQL literal nested 10,000 deep, in the query text and in a GET', async () => {
    const query = `{ analyzeDefinition(input: {definition: ${nested(10_000)}}) { findings { ruleId } } }`;
    const objects = `{ analyzeDefinition(input: {definition: ${'{a:'.repeat(3_000)}1${'}'.repeat(3_000)}}) { findings { ruleId } } }`;
    await expectAllRefused([
      { path: '/graphql', init: gql(query) },
      { path: '/graphql', init: gql(objects) },
      { path: `/graphql?query=${encodeURIComponent(`{ rules(x: ${nested(5_000)}) { id } }`)}`, init: { method: 'GET' } },
    ]);
  });
});
