import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { capturingApp } from '../support/hostile.js';
import { nativeWorkflow } from '../support/fixtures.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

let t: TestApp;
let org: CreatedOrganization;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.tenant();
});
afterAll(() => t.close());

const appWith = (env: Record<string, string>) =>
  createApp({ config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://x@127.0.0.1/x', LOG_LEVEL: 'silent', ...env }), orm: t.orm, log: createLogger('silent') });

describe('CORS', () => {
  it('answers no CORS headers by default, whatever the Origin', async () => {
    const res = await t.app.fetch('http://test/graphql', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('allows exactly the CORS_ORIGINS, without credentials', async () => {
    const app = appWith({ CORS_ORIGINS: 'https://app.example.com, https://admin.example.com' });
    const allowed = await app.fetch('http://test/graphql', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).not.toBe('true');
    const other = await app.fetch('http://test/graphql', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin') ?? 'null').toBe('null');
    expect(() => loadConfig({ CORS_ORIGINS: 'not an origin' })).toThrow(/CORS_ORIGINS/);
  });
});

describe('security headers', () => {
  it('nosniff everywhere; no-store on API answers; CSP, referrer policy and no framing on HTML pages', async () => {
    for (const path of ['/graphql?query=%7B__typename%7D', '/v1/rules', '/live', '/api-docs/swagger-ui.css', '/v1/nope']) {
      const res = await t.app.fetch(`http://test${path}`, { headers: { accept: 'application/json' } });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    for (const path of ['/graphql?query=%7B__typename%7D', '/v1/rules']) {
      expect((await t.app.fetch(`http://test${path}`, { headers: { accept: 'application/json' } })).headers.get('cache-control')).toBe('no-store');
    }
    const swagger = await t.app.fetch('http://test/api-docs');
    const csp = swagger.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(swagger.headers.get('referrer-policy')).toBe('no-referrer');
    const graphiql = await appWith({ GRAPHIQL: 'true' }).fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(graphiql.headers.get('content-type')).toContain('text/html');
    const html = await graphiql.text();
    const inline = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1];
    const graphiqlCsp = graphiql.headers.get('content-security-policy') ?? '';
    // GraphiQL's inline bootstrap is allowed by its hash, nothing else inline.
    if (inline?.trim()) expect(graphiqlCsp).toMatch(/'sha256-[A-Za-z0-9+/=]+'/);
    expect(graphiqlCsp).not.toContain("'unsafe-inline' 'self'");
    expect(graphiqlCsp).toContain("frame-ancestors 'none'");
  });
});

describe('production: no schema hints', () => {
  const prod = () => appWith({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://x@127.0.0.1/x' });
  const post = (app: ReturnType<typeof prod>, path: string, body: unknown, key?: string) =>
    app.fetch(`http://test${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: path === '/graphql' ? 'application/graphql-response+json' : 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });

  it('introspection needs a key (configurable), __typename does not', async () => {
    const app = prod();
    const anonymous = await post(app, '/graphql', { query: '{ __schema { types { name } } }' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('Workflow');
    expect((await post(app, '/graphql', { query: '{ __type(name: "Workflow") { name } }' })).status).toBe(401);
    expect((await post(app, '/graphql', { query: '{ __typename }' })).status).toBe(200);
    const keyed = await post(app, '/graphql', { query: '{ __schema { queryType { name } } }' }, org.apiKey);
    expect(((await keyed.json()) as any).data.__schema.queryType.name).toBe('Query');
    const off = appWith({ INTROSPECTION: 'off' });
    expect((await post(off, '/graphql', { query: '{ __schema { queryType { name } } }' }, org.apiKey)).status).toBe(403);
    // Development default: public.
    expect((await post(appWith({}), '/graphql', { query: '{ __schema { queryType { name } } }' })).status).toBe(200);
  });

  it('no "Did you mean" for fields, enum values or unknown input fields, over GraphQL and REST', async () => {
    const app = prod();
    const answers = [
      await post(app, '/graphql', { query: '{ workflow(id: "00000000-0000-4000-8000-000000000000") { nam } }' }, org.apiKey),
      await post(app, '/graphql', { query: 'query($s: WorkflowStatus) { workflows(status: $s) { edges { cursor } } }', variables: { s: 'ACTIV' } }, org.apiKey),
      await post(app, '/graphql', { query: '{ workflows(status: ACTIV) { edges { cursor } } }' }, org.apiKey),
      await post(app, '/graphql', { query: 'mutation($i: CreateLocationInput!) { createLocation(input: $i) { id } }', variables: { i: { nam: 'x' } } }, org.apiKey),
      await post(app, '/v1/workflows', { input: { locationId: org.location.id, name: 'x', definition: nativeWorkflow(), statu: 'ACTIVE' } }, org.apiKey),
      await post(app, '/v1/workflows', { input: { locationId: org.location.id, name: 'x', definition: nativeWorkflow(), status: 'ACTIV' } }, org.apiKey),
      await app.fetch('http://test/v1/workflows?status=ACTIV', { headers: { authorization: `Bearer ${org.apiKey}` } }),
    ];
    for (const res of answers) {
      const text = await res.text();
      expect(res.status).toBe(400);
      expect(text).not.toMatch(/Did you mean/i);
      expect(text).not.toContain('ACTIVE"?');
    }
    // Development keeps the hint, to help.
    const dev = await post(appWith({}), '/graphql', { query: 'query($s: WorkflowStatus) { workflows(status: $s) { edges { cursor } } }', variables: { s: 'ACTIV' } }, org.apiKey);
    expect(await dev.text()).toMatch(/Did you mean/);
  });
});

describe('X-Request-Id', () => {
  it('is echoed and logged only when short, plain and not key-like', async () => {
    const { app, lines } = capturingApp(t);
    const send = (id: string) => app.fetch('http://test/live', { headers: { 'x-request-id': id, authorization: `Bearer ${org.apiKey}` } });
    expect((await send('trace-123.abc_X')).headers.get('x-request-id')).toBe('trace-123.abc_X');
    for (const id of [org.apiKey, 'whk_anything', org.apiKey.slice(4), 'a'.repeat(65), 'has space', 'x\u0000y', 'a:b', '<script>']) {
      const echoed = (await send(id)).headers.get('x-request-id');
      expect(echoed).not.toBe(id);
      expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    }
    const logged = JSON.stringify(lines());
    expect(logged).not.toContain(org.apiKey.slice(4));
  });
});
