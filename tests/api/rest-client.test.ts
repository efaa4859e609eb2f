import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import createClient from 'openapi-fetch';
import type { paths } from '../client/v1.js';
import { createTestApp, type TestApp } from '../support/app.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/**
 * A client generated from openapi.json (openapi-typescript, `npm run openapi:client`, committed as
 * tests/client/v1.ts and kept current by tests/unit/openapi-contract.test.ts) used the way a
 * consumer would, with openapi-fetch. `npm run typecheck` type-checks this file against the
 * generated types, so a document that lies about a shape fails CI.
 */

let t: TestApp;
let org: CreatedOrganization;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.tenant();
});
afterAll(() => t.close());

describe('a generated TypeScript client', () => {
  it('creates, lists, reads, changes with If-Match and deletes a workflow', async () => {
    const client = createClient<paths>({
      baseUrl: 'http://test/v1',
      fetch: async (request) => t.app.fetch(request),
      headers: { authorization: `Bearer ${org.apiKey}` },
    });

    const created = await client.POST('/workflows', {
      body: {
        input: {
          locationId: org.location.id,
          name: 'Typed client',
          definition: {
            format: 'native',
            version: 1,
            name: 'Typed client',
            nodes: [
              { id: 't', name: 'Start', kind: 'TRIGGER', type: 'schedule' },
              { id: 'a', name: 'Call API', kind: 'ACTION', type: 'http' },
            ],
            edges: [{ from: 'Start', to: 'Call API' }],
          },
        },
      },
    });
    expect(created.response.status).toBe(201);
    const workflow = created.data!;
    // The document says a never-analysed workflow has no score: the generated type admits null.
    const score: number | null = workflow.latestScore;
    // @ts-expect-error latestScore is nullable, so it is not a plain number
    const notNullable: number = workflow.latestScore;
    expect([score, notNullable]).toEqual([null, null]);

    const list = await client.GET('/workflows', { params: { query: { locationId: org.location.id, first: 10, status: 'ACTIVE', orderBy: 'NAME_ASC' } } });
    expect(list.data!.totalCount).toBe(1);
    expect(list.data!.edges.map((e) => e.node.name)).toEqual(['Typed client']);

    const read = await client.GET('/workflows/{id}', { params: { path: { id: workflow.id } } });
    const etag = read.response.headers.get('etag')!;
    const changed = await client.PATCH('/workflows/{id}', {
      params: { path: { id: workflow.id }, header: { 'If-Match': etag } },
      body: { input: { description: 'changed through the generated client' } },
    });
    expect(changed.data).toMatchObject({ version: 2, description: 'changed through the generated client' });
    const stale = await client.PATCH('/workflows/{id}', { params: { path: { id: workflow.id }, header: { 'If-Match': etag } }, body: { input: { name: 'lost' } } });
    expect(stale.response.status).toBe(412);
    expect(stale.error?.error.code).toBe('PRECONDITION_FAILED');

    const analysed = await client.POST('/workflows/{id}/analyses', { params: { path: { id: workflow.id } } });
    const grade: 'A' | 'B' | 'C' | 'D' | 'F' | null = analysed.data!.analysis.grade;
    expect(grade).toMatch(/^[A-F]$/);

    const deleted = await client.DELETE('/workflows/{id}', { params: { path: { id: workflow.id } } });
    expect(deleted.response.status).toBe(204);
    const gone = await client.GET('/workflows/{id}', { params: { path: { id: workflow.id } } });
    expect(gone.error?.error.code).toBe('NOT_FOUND');
  });
});
