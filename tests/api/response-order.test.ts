import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';
import { nativeWorkflow } from '../support/fixtures.js';

/**
 * A response lists an object's fields in the order the query selected them (GraphQL spec,
 * "Serialized Map Ordering"), whichever resolver finishes first. REST ETags hash the bytes, so
 * the same data must also serialise the same way every time. The cache is off: every answer
 * here is executed, not replayed.
 */

let t: TestApp;
let org: CreatedOrganization;

beforeAll(async () => {
  t = await createTestApp({ CACHE: 'off' });
  org = await t.tenant();
  for (let i = 0; i < 3; i++) {
    const wf = await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: `Order ${i}`, definition: nativeWorkflow() } }, org.apiKey);
    await t.rest('POST', `/v1/workflows/${wf.body.id}/analyses`, undefined, org.apiKey);
  }
});
afterAll(() => t.close());

async function rawGraphQL(query: string): Promise<string> {
  const res = await t.app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}` },
    body: JSON.stringify({ query }),
  });
  expect(res.status).toBe(200);
  return res.text();
}

describe('field order', () => {
  it('follows the selection set, for slow and fast resolvers alike, on every repetition', async () => {
    const node = 'node { id name latestAnalysis { healthScore grade } }';
    const orders = [
      ['totalCount', 'edges', 'pageInfo'],
      ['edges', 'pageInfo', 'totalCount'],
      ['pageInfo', 'totalCount', 'edges'],
    ];
    for (const order of orders) {
      const selection = order.map((f) => (f === 'edges' ? `edges { ${node} }` : f === 'pageInfo' ? 'pageInfo { hasNextPage endCursor }' : f)).join(' ');
      const answers = await Promise.all(Array.from({ length: 12 }, () => rawGraphQL(`{ workflows(first: 10) { ${selection} } }`)));
      for (const text of answers) {
        const connection = JSON.parse(text).data.workflows;
        expect(Object.keys(connection), text).toEqual(order);
        expect(Object.keys(connection.edges[0].node)).toEqual(['id', 'name', 'latestAnalysis']);
      }
      expect(new Set(answers).size, 'identical requests serialise identically').toBe(1);
    }
  });

  it('gives a REST list the same bytes and ETag on repeated reads', async () => {
    const path = `/v1/workflows?locationId=${org.location.id}`;
    const reads = await Promise.all(Array.from({ length: 12 }, () => t.app.fetch(`http://test${path}`, { headers: { authorization: `Bearer ${org.apiKey}` } })));
    const texts = await Promise.all(reads.map((r) => r.text()));
    expect(new Set(texts).size, texts[0]).toBe(1);
    expect(new Set(reads.map((r) => r.headers.get('etag'))).size).toBe(1);
  });
});
