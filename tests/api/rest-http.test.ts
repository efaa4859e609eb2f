import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';
import { REST_ROUTES, restOpenApiDocument } from '../../src/plugins/rest.js';
import { EXAMPLE_LOCATION_ID } from '../../src/plugins/rest-openapi-workflows.js';
import { getSchema } from '../../src/schema/index.js';
import { nativeWorkflow } from '../support/fixtures.js';

/** HTTP semantics of every REST route: 405 + Allow, HEAD, ETag/304, If-Match/412, 201 + Location, 204, unknown parameters. */

let t: TestApp;
let org: CreatedOrganization;
let ids: { workflow: string; analysis: string; location: string; batch: string };

beforeAll(async () => {
  // A queue without a worker: the batch stays QUEUED, so two reads of it are the same answer.
  t = await createTestApp({}, { jobs: { worker: false } });
  org = await t.tenant();
  const wf = await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: 'Semantics', definition: nativeWorkflow() } }, org.apiKey);
  const analysed = await t.rest('POST', `/v1/workflows/${wf.body.id}/analyses`, undefined, org.apiKey);
  const batch = await t.rest('POST', '/v1/analyses/batch', { input: { workflowIds: [wf.body.id] } }, org.apiKey);
  ids = { workflow: wf.body.id, analysis: analysed.body.analysis.id, location: org.location.id, batch: batch.body.id };
});
afterAll(() => t.close());

const concrete = (path: string, id: string) => `/v1${path.replace(':id', id)}`;
const idFor = (path: string) =>
  path.startsWith('/analyses') ? ids.analysis : path.startsWith('/batches') ? ids.batch : path.startsWith('/locations') ? ids.location : path.startsWith('/users') ? org.user.id : ids.workflow;
const getRoutes = REST_ROUTES.filter((r) => r.method === 'GET');

describe('methods', () => {
  it('answers 405 METHOD_NOT_ALLOWED with Allow on every path called with a method it lacks', async () => {
    const paths = [...new Set(REST_ROUTES.map((r) => r.path))];
    for (const path of paths) {
      const methods = REST_ROUTES.filter((r) => r.path === path).map((r) => r.method);
      const expected = new Set<string>([...methods, ...(methods.includes('GET') ? ['HEAD'] : [])]);
      for (const wrong of ['PUT', 'DELETE', 'PATCH', 'POST'].filter((m) => !expected.has(m))) {
        const res = await t.rest(wrong, concrete(path, idFor(path)), wrong === 'DELETE' ? undefined : {}, org.apiKey);
        expect(res.status, `${wrong} ${path}`).toBe(405);
        expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
        expect(new Set(res.headers.get('allow')!.split(', ')), `${wrong} ${path}`).toEqual(expected);
      }
    }
    const document = await t.rest('POST', '/v1/openapi.json', {});
    expect(document.status).toBe(405);
    expect(document.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers HEAD on every GET route like GET, without the body', async () => {
    for (const route of getRoutes) {
      const path = concrete(route.path, idFor(route.path));
      const get = await t.app.fetch(`http://test${path}`, { headers: { authorization: `Bearer ${org.apiKey}` } });
      const head = await t.rest('HEAD', path, undefined, org.apiKey);
      const getText = await get.text();
      expect(head.status, path).toBe(get.status);
      expect(head.body, path).toBe('');
      expect(head.headers.get('content-type'), path).toBe(get.headers.get('content-type'));
      expect(head.headers.get('content-length'), `${path}\n${getText}`).toBe(String(Buffer.byteLength(getText)));
      expect(head.headers.get('etag'), `${path}\n${getText}`).toBe(get.headers.get('etag'));
    }
    const missing = await t.rest('HEAD', `/v1/workflows/${crypto.randomUUID()}`, undefined, org.apiKey);
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('');
    for (const [path, status] of [['/v1/analyze', 405], ['/v1/workflows?frist=1', 400], ['/v1/nowhere', 404]] as const) {
      const res = await t.rest('HEAD', path, undefined, org.apiKey);
      expect([res.status, res.body], path).toEqual([status, '']);
    }
  });
});

describe('ETag', () => {
  it('every GET route carries an ETag and answers 304 without a body to If-None-Match', async () => {
    for (const route of getRoutes) {
      const path = concrete(route.path, idFor(route.path));
      const first = await t.rest('GET', path, undefined, org.apiKey);
      const etag = first.headers.get('etag');
      expect(etag, path).toMatch(/^"[^"]+"$/);
      const again = await t.rest('GET', path, undefined, org.apiKey, { 'if-none-match': etag! });
      // On a failure the message shows both answers: what changed between two reads.
      expect(again.status, `${path}\n${JSON.stringify(first.body)}\n${JSON.stringify(again.body)}`).toBe(304);
      expect(again.body, path).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      const stale = await t.rest('GET', path, undefined, org.apiKey, { 'if-none-match': '"something-else"' });
      expect(stale.status, path).toBe(200);
    }
  });

  it('a workflow’s ETag names its version and changes when the workflow changes', async () => {
    const path = `/v1/workflows/${ids.workflow}`;
    const before = await t.rest('GET', path, undefined, org.apiKey);
    expect(before.headers.get('etag')).toMatch(new RegExp(`^"v${before.body.version}-`));
    const renamed = await t.rest('PATCH', path, { input: { expectedVersion: before.body.version, description: 'changed' } }, org.apiKey);
    expect(renamed.headers.get('etag')).toMatch(new RegExp(`^"v${before.body.version + 1}-`));
    const after = await t.rest('GET', path, undefined, org.apiKey, { 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).toBe(renamed.headers.get('etag'));
  });
});

describe('If-Match on PATCH', () => {
  it('stands for expectedVersion; a stale one answers 412 and changes nothing', async () => {
    const created = await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: 'If-Match', definition: nativeWorkflow() } }, org.apiKey);
    const path = `/v1/workflows/${created.body.id}`;
    const v1 = created.headers.get('etag')!;
    const ok = await t.rest('PATCH', path, { input: { name: 'If-Match v2' } }, org.apiKey, { 'if-match': v1 });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'If-Match v2', version: 2 });

    const stale = await t.rest('PATCH', path, { input: { name: 'Lost update' } }, org.apiKey, { 'if-match': v1 });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PRECONDITION_FAILED');
    const garbage = await t.rest('PATCH', path, { input: { name: 'Lost update' } }, org.apiKey, { 'if-match': '"not-an-etag-of-ours"' });
    expect(garbage.status).toBe(412);
    const disagree = await t.rest('PATCH', path, { input: { name: 'Lost update', expectedVersion: 1 } }, org.apiKey, { 'if-match': ok.headers.get('etag')! });
    expect(disagree.status).toBe(400);
    expect(disagree.body.error.details[0].field).toBe('input.expectedVersion');
    expect((await t.rest('GET', path, undefined, org.apiKey)).body).toMatchObject({ name: 'If-Match v2', version: 2 });
  });
});

describe('creates and deletes', () => {
  it('every create answers 201 with a Location that reads back what was created', async () => {
    const created = [
      await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: 'Located', definition: nativeWorkflow() } }, org.apiKey),
      await t.rest('POST', '/v1/workflows/import', { input: { locationId: org.location.id, workflow: nativeWorkflow('Imported') } }, org.apiKey),
      await t.rest('POST', `/v1/workflows/${ids.workflow}/analyses`, undefined, org.apiKey),
      await t.rest('POST', '/v1/locations', { input: { name: `Located ${crypto.randomUUID()}` } }, org.apiKey),
      await t.rest('POST', '/v1/users', { input: { email: `located-${crypto.randomUUID()}@example.test`, role: 'VIEWER' } }, org.apiKey),
    ];
    expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(REST_ROUTES.filter((r) => r.status === 201)).toHaveLength(created.length);
    for (const res of created) {
      const location = res.headers.get('location')!;
      expect(location).toMatch(/^\/v1\/(workflows|analyses|locations|users)\/[0-9a-f-]{36}$/);
      const read = await t.rest('GET', location, undefined, org.apiKey);
      expect(read.status, location).toBe(200);
      expect(read.body.id).toBe(res.body.id ?? (res.body.analysis ?? res.body.user).id);
    }
  });

  it('DELETE answers 204 without a body', async () => {
    const wf = await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: 'Doomed', definition: nativeWorkflow() } }, org.apiKey);
    const res = await t.app.fetch(`http://test/v1/workflows/${wf.body.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${org.apiKey}` } });
    expect(res.status).toBe(204);
    expect(res.headers.get('content-type')).toBeNull();
    expect(await res.text()).toBe('');
  });
});

describe('query parameters', () => {
  it('an unknown query parameter answers 400 naming it, on every route', async () => {
    for (const route of REST_ROUTES) {
      const path = `${concrete(route.path, idFor(route.path))}?frist=10`;
      const body = route.method === 'POST' || route.method === 'PATCH' ? {} : undefined;
      const res = await t.rest(route.method, path, body, org.apiKey);
      expect(res.status, `${route.method} ${path}`).toBe(400);
      expect(res.body.error.details, path).toEqual([{ field: 'frist', message: expect.any(String) }]);
    }
  });
});

describe('documented request examples', () => {
  it('each example body of the document is accepted as it is', async () => {
    const document = restOpenApiDocument(getSchema());
    const location = (await t.rest('POST', '/v1/locations', { input: { name: `Examples ${crypto.randomUUID()}` } }, org.apiKey)).body.id;
    const wf = await t.rest('POST', '/v1/workflows', { input: { locationId: location, name: 'Example target', definition: nativeWorkflow() } }, org.apiKey);
    let tried = 0;
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const example of Object.values((operation.requestBody?.content['application/json'].examples ?? {}) as Record<string, { value: unknown }>)) {
          const body = JSON.parse(JSON.stringify(example.value).replaceAll(EXAMPLE_LOCATION_ID, location));
          const res = await t.rest(method.toUpperCase(), `/v1${path.replace('{id}', wf.body.id)}`, body, org.apiKey);
          expect(res.status, `${method} ${path}: ${JSON.stringify(res.body).slice(0, 200)}`).toBeLessThan(300);
          tried++;
        }
      }
    }
    expect(tried).toBe(5);
  });
});

describe('BAD_REQUEST over GraphQL', () => {
  it('malformed JSON is BAD_REQUEST without echoing the body; a mutation over GET is 405', async () => {
    const malformed = await t.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ rules { rulesetVersion } }", "secret-looking-text',
    });
    const text = await malformed.text();
    expect(malformed.status, text).toBe(400);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(text).not.toContain('secret-looking-text');

    const mutation = encodeURIComponent('mutation { createLocation(input: { name: "x" }) { id } }');
    const overGet = await t.app.fetch(`http://test/graphql?query=${mutation}`, { headers: { accept: 'application/json', authorization: `Bearer ${org.apiKey}` } });
    expect(overGet.status).toBe(405);
    expect(overGet.headers.get('allow')).toBe('POST');
    expect((await overGet.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
