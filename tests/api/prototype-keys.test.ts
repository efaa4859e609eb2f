import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { expectClientError, storedCounts } from '../support/hostile.js';
import { nativeWorkflow } from '../support/fixtures.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/** Names that find Object.prototype's members in a plain object lookup. */
const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

let t: TestApp;
let org: CreatedOrganization;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.tenant();
});
afterAll(() => t.close());

describe('prototype member names in request text', () => {
  it('Swagger UI asset names: 404, never 500 with a stack', async () => {
    for (const name of PROTO_NAMES) {
      const res = await t.app.fetch(`http://test/api-docs/${name}`);
      expectClientError(res.status, await res.text(), 404);
    }
  });

  it('REST paths, path ids and query parameter names', async () => {
    const before = await storedCounts(t);
    for (const name of PROTO_NAMES) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const res = await t.rest(method, `/v1/${name}`, undefined, org.apiKey);
        expectClientError(res.status, res.body, 404);
      }
      const byId = await t.rest('GET', `/v1/workflows/${name}`, undefined, org.apiKey);
      expectClientError(byId.status, byId.body, 400);
      expect(byId.body.error.details).toEqual([expect.objectContaining({ field: 'id' })]);
      // An unknown query parameter is refused by name (a prototype member is no parameter).
      const list = await t.rest('GET', `/v1/workflows?${name}=1&first=1`, undefined, org.apiKey);
      expectClientError(list.status, list.body, 400);
      expect(list.body.error.details).toEqual([expect.objectContaining({ field: name })]);
    }
    expect(await storedCounts(t)).toEqual(before);
  });

  it('REST body keys at the top and inside the input', async () => {
    for (const name of PROTO_NAMES) {
      const top = await t.rest('POST', '/v1/locations', `{"${name}": {"input": {"name": "x"}}}`, org.apiKey);
      expectClientError(top.status, top.body, 400);
      const inner = await t.rest('POST', '/v1/locations', `{"input": {"name": "Site ${name}", "${name}": {"polluted": true}}}`, org.apiKey);
      expectClientError(inner.status, inner.body, 400);
    }
    // PATCH merges the path id into the input: a `__proto__` key there must stay a plain key.
    const created = await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: 'Patched', definition: nativeWorkflow() } }, org.apiKey);
    const patch = await t.rest('PATCH', `/v1/workflows/${created.body.id}`, `{"input": {"expectedVersion": 1, "__proto__": {"name": "polluted"}}}`, org.apiKey);
    expectClientError(patch.status, patch.body, 400);
    expect(({} as Record<string, unknown>).name).toBeUndefined();
  });

  it('workflow definitions with those keys at any depth are stored and returned as sent (GraphQL and REST)', async () => {
    const definition = {
      ...nativeWorkflow('Prototype keys'),
      meta: JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}, "deep": [{"toString": "s", "a": {"__proto__": [1]}}]}'),
    };
    const raw = JSON.stringify({ input: { locationId: org.location.id, name: 'Prototype keys', definition } });
    expect(raw).toContain('"__proto__"');
    const rest = await t.rest('POST', '/v1/workflows', raw, org.apiKey);
    expect(rest.status).toBe(201);
    const gql = await t.graphql(
      'mutation($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id source } }',
      JSON.parse(`{"i": ${JSON.stringify({ locationId: org.location.id, name: 'Prototype keys', definition })}}`),
      org.apiKey,
    );
    expect(gql.status).toBe(200);
    for (const id of [rest.body.id, gql.body.data?.createWorkflow.id]) {
      const read = await t.graphql(`{ workflow(id: "${id}") { source } }`, {}, org.apiKey);
      const source = read.body.data?.workflow.source;
      expect(Object.hasOwn(source.meta, '__proto__')).toBe(true);
      // jsonb orders keys its own way: compare as values.
      expect(source.meta).toEqual(definition.meta);
      expect(Object.hasOwn(source.meta.deep[0].a, '__proto__')).toBe(true);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
