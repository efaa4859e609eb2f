import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestApp, type RestResponse, type TestApp } from '../support/app.js';
import { corpusWorkflow } from '../support/corpus.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';
import { printOpenApi } from '../../src/cli/print-schema.js';
import { nativeWorkflow } from '../support/fixtures.js';

let t: TestApp;
let org: CreatedOrganization;
let other: CreatedOrganization;
const N8N_FILE = 'Aggregate__1413_Aggregate_Telegram_Automation_Triggered.json';

beforeAll(async () => {
  t = await createTestApp();
  [org, other] = await Promise.all([t.tenant(), t.tenant()]);
});
afterAll(() => t.close());

const native = nativeWorkflow;

function expectError(res: RestResponse, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String) } });
  // One Content-Type only (Sofa's default error handler sends it twice).
  expect(res.headers.get('content-type')).not.toContain(',');
}

async function importN8n(key = org.apiKey, locationId = org.location.id) {
  const res = await t.rest('POST', '/v1/workflows/import', { input: { locationId, workflow: corpusWorkflow(N8N_FILE) } }, key);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; version: number };
}

/** What is stored for a workflow, straight from the database. */
async function storedWorkflow(id: string) {
  const rows = await t.orm.em
    .fork()
    .getConnection()
    .execute<{ name: string; version: number; deleted_at: Date | null }[]>('select name, version, deleted_at from workflows where id = ?', [id]);
  return rows[0];
}

async function analysisCount(workflowId: string) {
  const rows = await t.orm.em.fork().getConnection().execute<{ n: string }[]>('select count(*) as n from analyses where workflow_id = ?', [workflowId]);
  return Number(rows[0]!.n);
}

describe('the newcomer path over REST', () => {
  it('imports a real n8n export (201), analyses it (201), then reads its findings and history', async () => {
    const imported = await t.rest('POST', '/v1/workflows/import', { input: { locationId: org.location.id, workflow: corpusWorkflow(N8N_FILE) } }, org.apiKey);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ name: 'Dsp agent', format: 'N8N', nodeCount: 18, version: 1, latestScore: null, locationId: org.location.id });
    const id = imported.body.id as string;

    const analysed = await t.rest('POST', `/v1/workflows/${id}/analyses`, undefined, org.apiKey);
    expect(analysed.status).toBe(201);
    expect(analysed.body.reused).toBe(false);
    const analysis = analysed.body.analysis;
    expect(analysis).toMatchObject({ workflowId: id, status: 'COMPLETED', workflowVersion: 1 });
    expect(analysis.healthScore).toBeGreaterThanOrEqual(0);
    expect(analysis.findings.length).toBe(analysis.findingCount);
    expect(analysis.findings[0]).toEqual(
      expect.objectContaining({ ruleId: expect.stringMatching(/^[a-z]+\/[a-z-]+$/), severity: expect.any(String), message: expect.any(String), remediation: expect.any(String) }),
    );

    const one = await t.rest('GET', `/v1/analyses/${analysis.id}`, undefined, org.apiKey);
    expect(one.status).toBe(200);
    expect(one.body.findings).toEqual(analysis.findings);

    const again = await t.rest('POST', `/v1/workflows/${id}/analyses`, undefined, org.apiKey);
    expect(again.status).toBe(201);
    expect(again.body.reused).toBe(true);

    const history = await t.rest('GET', `/v1/workflows/${id}/analyses?first=1`, undefined, org.apiKey);
    expect(history.status).toBe(200);
    expect(history.body.edges).toHaveLength(1);
    expect(history.body.edges[0].node.id).toBe(again.body.analysis.id);
    expect(history.body.pageInfo.hasNextPage).toBe(true);
    const next = await t.rest('GET', `/v1/workflows/${id}/analyses?first=1&after=${encodeURIComponent(history.body.pageInfo.endCursor)}`, undefined, org.apiKey);
    expect(next.body.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([analysis.id]);

    const workflow = await t.rest('GET', `/v1/workflows/${id}`, undefined, org.apiKey);
    expect(workflow.status).toBe(200);
    expect(workflow.body).toMatchObject({ id, latestScore: analysis.healthScore, latestGrade: analysis.grade });
  });
});

describe('workflow resources', () => {
  it('creates a NATIVE workflow (201) and lists it with filters, newest first', async () => {
    const created = await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: 'REST native', definition: native(), status: 'DRAFT' } }, org.apiKey);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'REST native', format: 'NATIVE', status: 'DRAFT', nodeCount: 2 });

    const drafts = await t.rest('GET', `/v1/workflows?locationId=${org.location.id}&status=DRAFT&search=rest%20nat`, undefined, org.apiKey);
    expect(drafts.status).toBe(200);
    expect(drafts.body.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([created.body.id]);
    expect(drafts.body.edges[0].node).not.toHaveProperty('source');

    const page = await t.rest('GET', '/v1/workflows?first=1&orderBy=NAME_ASC', undefined, org.apiKey);
    expect(page.body.edges).toHaveLength(1);
    expect(page.body.pageInfo).toMatchObject({ hasNextPage: true, endCursor: expect.any(String) });
  });

  it('PATCH takes the id from the path and answers 409 to a stale expectedVersion, changing nothing', async () => {
    const wf = await importN8n();
    const ok = await t.rest('PATCH', `/v1/workflows/${wf.id}`, { input: { expectedVersion: 1, name: 'Renamed over REST' } }, org.apiKey);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: wf.id, name: 'Renamed over REST', version: 2 });

    // Arguments come from the body only: `?input=` cannot smuggle another id or version in.
    const other = await importN8n();
    const smuggled = encodeURIComponent(JSON.stringify({ id: other.id, expectedVersion: 1, name: 'Smuggled' }));
    const viaQuery = await t.rest('PATCH', `/v1/workflows/${wf.id}?input=${smuggled}`, { input: { expectedVersion: 2, description: 'body wins' } }, org.apiKey);
    expectError(viaQuery, 400, 'BAD_USER_INPUT');
    expect(viaQuery.body.error.details).toEqual([{ field: 'input', message: expect.stringMatching(/body/) }]);
    expect(await storedWorkflow(other.id)).toMatchObject({ name: 'Dsp agent', version: 1 });
    expect(await storedWorkflow(wf.id)).toMatchObject({ name: 'Renamed over REST', version: 2 });

    const stale = await t.rest('PATCH', `/v1/workflows/${wf.id}`, { input: { expectedVersion: 1, name: 'Lost update' } }, org.apiKey);
    expectError(stale, 409, 'CONFLICT');
    expect(await storedWorkflow(wf.id)).toMatchObject({ name: 'Renamed over REST', version: 2 });
  });

  it('DELETE soft-deletes (204, no body): the workflow then answers 404 and leaves the list; a second DELETE is 404', async () => {
    const wf = await importN8n();
    const deleted = await t.rest('DELETE', `/v1/workflows/${wf.id}`, undefined, org.apiKey);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBe('');
    expect((await storedWorkflow(wf.id))!.deleted_at).not.toBeNull();
    expectError(await t.rest('DELETE', `/v1/workflows/${wf.id}`, undefined, org.apiKey), 404, 'NOT_FOUND');
    expectError(await t.rest('GET', `/v1/workflows/${wf.id}`, undefined, org.apiKey), 404, 'NOT_FOUND');
    const list = await t.rest('GET', '/v1/workflows?first=100', undefined, org.apiKey);
    expect(list.body.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(wf.id);
  });

  it('analyses a definition without storing anything (POST /v1/analyze, 200)', async () => {
    const before = await t.orm.em.fork().getConnection().execute<{ n: string }[]>('select count(*) as n from workflows');
    const res = await t.rest('POST', '/v1/analyze', { input: { definition: corpusWorkflow(N8N_FILE) } }, org.apiKey);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'N8N', nodeCount: 18, healthScore: expect.any(Number), passing: expect.any(Boolean) });
    expect(res.body.deductions.length).toBeGreaterThan(0);
    const after = await t.orm.em.fork().getConnection().execute<{ n: string }[]>('select count(*) as n from workflows');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('compresses a large answer on request, and the body is the same JSON', async () => {
    const res = await t.app.fetch('http://test/v1/rules', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const json = JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8'));
    expect(json.rules.length).toBeGreaterThan(10);
  });
});

describe('locations, rules, me', () => {
  it('GET /v1/locations, POST /v1/locations (201), GET /v1/locations/{id}/health', async () => {
    const created = await t.rest('POST', '/v1/locations', { input: { name: 'Paris office', timezone: 'Europe/Paris' } }, org.apiKey);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Paris office', timezone: 'Europe/Paris' });

    const list = await t.rest('GET', '/v1/locations', undefined, org.apiKey);
    expect(list.status).toBe(200);
    expect(list.body.map((l: { name: string }) => l.name)).toContain('Paris office');

    const health = await t.rest('GET', `/v1/locations/${org.location.id}/health?days=7`, undefined, org.apiKey);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ locationId: org.location.id, days: 7 });
    expect(health.body.gradeDistribution).toHaveLength(5);
  });

  it('GET /v1/rules is public; GET /v1/me names the caller', async () => {
    const rules = await t.rest('GET', '/v1/rules');
    expect(rules.status).toBe(200);
    expect(rules.body.scoreFormula.criticalCap).toBeGreaterThan(0);
    expect(rules.body.rules[0]).toMatchObject({ id: expect.any(String), title: expect.any(String) });

    const me = await t.rest('GET', '/v1/me', undefined, org.apiKey);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'OWNER', organization: { name: org.organization.name }, tier: 'PRO' });
    expect(me.body.locations[0]).toMatchObject({ id: org.location.id, name: org.location.name });
  });

  it('has no route for what the list leaves out (admin, API keys) and answers the REST error shape', async () => {
    for (const [method, path] of [
      ['POST', '/v1/admin-create-organization'],
      ['GET', '/v1/api-keys'],
      ['POST', '/v1/create-api-key'],
      ['GET', `/v1/location/${org.location.id}`],
      ['POST', '/v1/webhook'],
    ] as const) {
      const res = await t.rest(method, path, method === 'GET' ? undefined : {}, org.apiKey);
      expectError(res, 404, 'NOT_FOUND');
    }
  });
});

describe('errors', () => {
  it('401 without a key, with a bad key, and with a malformed Authorization header', async () => {
    for (const [method, path] of [
      ['GET', '/v1/workflows'],
      ['GET', '/v1/me'],
      ['POST', '/v1/analyze'],
    ] as const) {
      const res = await t.rest(method, path, method === 'POST' ? { input: { definition: native() } } : undefined);
      expectError(res, 401, 'UNAUTHENTICATED');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    expectError(await t.rest('GET', '/v1/me', undefined, 'whk_ABCDEFGHIJKL_' + 'a'.repeat(43)), 401, 'UNAUTHENTICATED');
    const malformed = await t.app.fetch('http://test/v1/me', { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
    expect((await malformed.json()).error.code).toBe('UNAUTHENTICATED');
  });

  it('403 for a VIEWER key on a write, and nothing is created', async () => {
    const em = t.orm.em.fork();
    const userId = crypto.randomUUID();
    await em.getConnection().execute(`insert into users (id, organization_id, email, name, role) values (?, ?, ?, '', 'VIEWER')`, [
      userId,
      org.organization.id,
      `viewer-${userId}@example.test`,
    ]);
    const { ApiKeyRepository } = await import('../../src/db/repositories/api-keys.js');
    const { TenantScope } = await import('../../src/db/tenant-scope.js');
    const key = (await new ApiKeyRepository(em, new TenantScope(org.organization.id, [org.location.id])).create({ userId, name: 'viewer' })).key;

    expect((await t.rest('GET', '/v1/workflows', undefined, key)).status).toBe(200);
    const res = await t.rest('POST', '/v1/workflows', { input: { locationId: org.location.id, name: 'Viewer was here', definition: native() } }, key);
    expectError(res, 403, 'FORBIDDEN');
    const rows = await em.getConnection().execute<{ n: string }[]>(`select count(*) as n from workflows where name = 'Viewer was here'`);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('404 on every id-taking route for an unknown id and for another tenant’s id, and nothing changes', async () => {
    const theirs = await importN8n(other.apiKey, other.location.id);
    const theirAnalysis = await t.rest('POST', `/v1/workflows/${theirs.id}/analyses`, undefined, other.apiKey);
    expect(theirAnalysis.status).toBe(201);
    const unknown = crypto.randomUUID();

    const routes = (workflowId: string, analysisId: string, locationId: string) =>
      [
        ['GET', `/v1/workflows/${workflowId}`, undefined],
        ['PATCH', `/v1/workflows/${workflowId}`, { input: { expectedVersion: 1, name: 'Hijacked' } }],
        ['DELETE', `/v1/workflows/${workflowId}`, undefined],
        ['POST', `/v1/workflows/${workflowId}/analyses`, undefined],
        ['GET', `/v1/workflows/${workflowId}/analyses`, undefined],
        ['GET', `/v1/analyses/${analysisId}`, undefined],
        ['GET', `/v1/locations/${locationId}/health`, undefined],
        ['POST', '/v1/workflows', { input: { locationId, name: 'Hijacked', definition: native() } }],
        ['POST', '/v1/workflows/import', { input: { locationId, workflow: corpusWorkflow(N8N_FILE) } }],
        ['GET', `/v1/workflows?locationId=${locationId}`, undefined],
      ] as const;

    for (const [method, path, body] of [...routes(theirs.id, theirAnalysis.body.analysis.id, other.location.id), ...routes(unknown, unknown, unknown)]) {
      const res = await t.rest(method, path, body, org.apiKey);
      expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 404`);
      expectError(res, 404, 'NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain('Dsp agent');
    }
    expect(await storedWorkflow(theirs.id)).toMatchObject({ name: 'Dsp agent', version: 1, deleted_at: null });
    expect(await analysisCount(theirs.id)).toBe(1);
    const hijacked = await t.orm.em.fork().getConnection().execute<{ n: string }[]>(`select count(*) as n from workflows where name = 'Hijacked'`);
    expect(Number(hijacked[0]!.n)).toBe(0);
  });

  it('400 BAD_USER_INPUT with the field for bad query parameters', async () => {
    const cases: [string, string][] = [
      ['/v1/workflows?status=NOPE', 'status'],
      ['/v1/workflows?orderBy=SIDEWAYS', 'orderBy'],
      ['/v1/workflows?first=-1', 'first'],
      ['/v1/workflows?first=1000', 'first'],
      ['/v1/workflows?first=abc', 'first'],
      ['/v1/workflows?minScore=ten', 'minScore'],
      ['/v1/workflows?after=bm90LWEtY3Vyc29y', 'after'],
      ['/v1/locations/' + org.location.id + '/health?days=0', 'days'],
      ['/v1/workflows/%E0%A4%A', 'id'],
      ['/v1/workflows/not-a-uuid', 'id'],
    ];
    for (const [path, field] of cases) {
      const res = await t.rest('GET', path, undefined, org.apiKey);
      expectError(res, 400, 'BAD_USER_INPUT');
      expect(res.body.error.details?.map((d: { field: string }) => d.field), path).toContain(field);
    }
  });

  it('400 with the field for bad bodies (malformed JSON, not an object, missing or invalid input), nothing stored', async () => {
    const count = async () =>
      Number((await t.orm.em.fork().getConnection().execute<{ n: string }[]>('select count(*) as n from workflows'))[0]!.n);
    const before = await count();
    const malformed = await t.rest('POST', '/v1/workflows/import', '{"input": {"locationId": "secret-looking-text', org.apiKey);
    expectError(malformed, 400, 'BAD_REQUEST');
    expect(malformed.body.error.details).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
    expect(JSON.stringify(malformed.body)).not.toContain('secret-looking-text');
    const cases: [string, string, unknown, string][] = [
      ['POST', '/v1/workflows/import', '[1, 2]', 'body'],
      ['POST', '/v1/workflows/import', {}, 'input'],
      ['POST', '/v1/workflows/import', { input: { workflow: corpusWorkflow(N8N_FILE) } }, 'input.locationId'],
      ['POST', '/v1/workflows/import', { input: { locationId: org.location.id, workflow: corpusWorkflow(N8N_FILE), status: 'NOPE' } }, 'input.status'],
      ['POST', '/v1/workflows/import', { input: { locationId: org.location.id, workflow: { hello: 'world' } } }, 'input.workflow'],
      ['POST', '/v1/workflows', { input: { locationId: org.location.id, name: '', definition: native() } }, 'input.name'],
      ['POST', '/v1/locations', { input: { name: 'Tz', timezone: 'Mars/Olympus' } }, 'input.timezone'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await t.rest(method, path, body, org.apiKey);
      expectError(res, 400, 'BAD_USER_INPUT');
      expect(res.body.error.details?.map((d: { field: string }) => d.field), JSON.stringify(body).slice(0, 80)).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it('400 for a bad PATCH body, and the workflow is unchanged', async () => {
    const wf = await importN8n();
    for (const body of ['{"input":', { input: 'rename me' }, { input: { name: 'No version' } }, { input: { expectedVersion: 1, status: 'GONE' } }]) {
      const res = await t.rest('PATCH', `/v1/workflows/${wf.id}`, body, org.apiKey);
      expectError(res, 400, typeof body === 'string' ? 'BAD_REQUEST' : 'BAD_USER_INPUT');
      expect(res.body.error.details?.length).toBeGreaterThan(0);
    }
    expect(await storedWorkflow(wf.id)).toMatchObject({ name: 'Dsp agent', version: 1 });
  });

  it('413 for a body over the limit, in the REST error shape', async () => {
    const big = JSON.stringify({ input: { definition: { nodes: [], padding: 'x'.repeat(t.config.MAX_BODY_BYTES) } } });
    const res = await t.rest('POST', '/v1/analyze', big, org.apiKey);
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('OpenAPI and Swagger UI', () => {
  it('serves a valid OpenAPI 3 document with tags, summaries, input schemas, bearer auth and error responses', async () => {
    const res = await t.rest('GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    const validation = await new Validator().validate(doc);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);

    expect(doc.info).toMatchObject({ title: 'Workflow Health API', version: expect.any(String), description: expect.any(String) });
    expect(doc.tags.map((tag: { name: string }) => tag.name)).toEqual(['Workflows', 'Analyses', 'Locations', 'Users', 'Rules', 'Account']);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });

    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.map((o) => o.route).sort()).toEqual(
      [
        'GET /workflows',
        'POST /workflows',
        'POST /workflows/import',
        'GET /workflows/{id}',
        'PATCH /workflows/{id}',
        'DELETE /workflows/{id}',
        'POST /workflows/{id}/analyses',
        'GET /workflows/{id}/analyses',
        'GET /analyses/{id}',
        'GET /batches/{id}',
        'POST /analyses/batch',
        'POST /analyze',
        'GET /locations',
        'POST /locations',
        'GET /locations/{id}',
        'GET /locations/{id}/health',
        'GET /users',
        'POST /users',
        'GET /users/{id}',
        'PATCH /users/{id}',
        'DELETE /users/{id}',
        'GET /rules',
        'GET /me',
      ].sort(),
    );
    for (const { route, op } of operations) {
      expect(op.summary, route).toMatch(/\w{3}/);
      expect(op.description, route).toMatch(/\w{3}/);
      expect(op.tags, route).toHaveLength(1);
      for (const status of ['400', '401', '500']) expect(op.responses[status], `${route} ${status}`).toBeDefined();
      if (route.includes('{id}')) expect(op.responses['404'].$ref, route).toBe('#/components/responses/NotFound');
    }
    expect(doc.components.responses.NotFound.content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    expect(doc.paths['/workflows/{id}'].patch.responses['409']).toBeDefined();
    expect(doc.paths['/locations'].post.responses['409']).toBeDefined();
    expect(doc.paths['/workflows/{id}'].patch.responses['412']).toBeDefined();
    expect(doc.paths['/workflows/{id}'].delete.responses['204']).toBeDefined();
    // Nothing a route cannot answer: reads have no 403, 413 or 409.
    for (const status of ['403', '409', '413']) expect(doc.paths['/workflows'].get.responses[status], status).toBeUndefined();
    expect(doc.paths['/analyze'].post.responses['413']).toBeDefined();
    expect(doc.paths['/rules'].get.security).toEqual([]);
    expect(doc.paths['/workflows'].post.responses['201']).toBeDefined();

    // Input schemas have real properties, nested ones included.
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.ImportWorkflowInput.properties)).toEqual(expect.arrayContaining(['locationId', 'workflow', 'format']));
    expect(schemas.CreateWorkflowInput.properties.definition.$ref).toBe('#/components/schemas/NativeWorkflow');
    expect(schemas.NativeWorkflow.properties.nodes.items.properties.kind.enum).toContain('TRIGGER');
    expect(schemas.UpdateWorkflowChanges.properties).not.toHaveProperty('id');
    expect(doc.paths['/workflows'].get.parameters.find((p: { name: string }) => p.name === 'status').schema.$ref).toBe('#/components/schemas/WorkflowStatus');
    // Admin and API-key types are not part of REST.
    for (const hidden of ['CreatedOrganization', 'CreateOrganizationInput', 'ApiKey', 'CreatedApiKey', 'AdminUser']) expect(schemas).not.toHaveProperty(hidden);
  });

  it('openapi.json at the repository root matches the generated document (run `npm run print-schema -- --openapi --write` after a change)', async () => {
    const committed = readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8');
    expect(await printOpenApi()).toBe(committed);
    expect(JSON.parse(committed)).toEqual((await t.rest('GET', '/v1/openapi.json')).body);
  });

  it('serves Swagger UI from the installed package, pointing at /v1/openapi.json', async () => {
    const page = await t.app.fetch('http://test/api-docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('/api-docs/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);

    const bundle = await t.app.fetch('http://test/api-docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);

    const init = await (await t.app.fetch('http://test/api-docs/swagger-initializer.js')).text();
    expect(init).toContain('"/v1/openapi.json"');
    expect((await t.app.fetch('http://test/api-docs/package.json')).status).toBe(404);
    expect((await t.app.fetch('http://test/api-docs/../package.json')).status).toBe(404);
  });
});
