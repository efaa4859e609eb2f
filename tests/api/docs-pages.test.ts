import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { loadConfig } from '../../src/config.js';

/** GraphiQL and Swagger UI are served from installed packages, and ENABLE_API_DOCS / GRAPHIQL switch them. */

let on: TestApp;
let off: TestApp;

beforeAll(async () => {
  [on, off] = await Promise.all([createTestApp(), createTestApp({ NODE_ENV: 'production', ENABLE_API_DOCS: 'false', GRAPHIQL: 'false' })]);
});
afterAll(() => Promise.all([on?.close(), off?.close()]));

const html = { accept: 'text/html' };

describe('GraphiQL', () => {
  it('renders a page whose every asset is on this server, with no inline script', async () => {
    const res = await on.app.fetch('http://test/graphql', { headers: html });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).not.toMatch(/https?:\/\//);
    const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(1);
    for (const [, attributes, body] of scripts) {
      // Either an external same-origin file or a JSON data block (not executed).
      if (body!.trim()) expect(attributes).toContain('type="application/json"');
      else expect(attributes).toMatch(/src="\/graphiql\//);
    }
    for (const [, url] of page.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)) {
      const asset = await on.app.fetch(`http://test${url}`);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('content-type'), url).toMatch(/javascript|css/);
    }
    const worker = await on.app.fetch('http://test/graphiql/monacoeditorwork/graphql.worker..bundle.js');
    expect(worker.status).toBe(200);
  });

  it('serves only the listed files', async () => {
    for (const path of ['/graphiql/package.json', '/graphiql/../package.json', '/graphiql/__proto__', '/graphiql/constructor', '/graphiql/yoga-graphiql.es.js']) {
      expect((await on.app.fetch(`http://test${path}`)).status, path).toBe(404);
    }
  });

  it('is off when GRAPHIQL=false: no page, no assets', async () => {
    const res = await off.app.fetch('http://test/graphql', { headers: html });
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect((await off.app.fetch('http://test/graphiql/yoga-graphiql.umd.js')).status).toBe(404);
  });
});

describe('ENABLE_API_DOCS', () => {
  it('defaults to on in development and off in production, and a set value wins', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://db.invalid/x' };
    expect(loadConfig({ NODE_ENV: 'development' }).apiDocs).toBe(true);
    expect(loadConfig(production).apiDocs).toBe(false);
    expect(loadConfig({ ...production, ENABLE_API_DOCS: 'true' }).apiDocs).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', ENABLE_API_DOCS: 'false' }).apiDocs).toBe(false);
  });

  it('on (the development default): Swagger UI and the document at /openapi.json and /v1/openapi.json', async () => {
    expect(on.config.apiDocs).toBe(true);
    const root = await on.rest('GET', '/openapi.json');
    const v1 = await on.rest('GET', '/v1/openapi.json');
    expect(root.status).toBe(200);
    expect(root.body).toEqual(v1.body);
    expect(root.body.openapi).toMatch(/^3\.1/);
    expect((await on.app.fetch('http://test/api-docs')).status).toBe(200);
    for (const path of ['/api-docs/__proto__', '/api-docs/constructor', '/api-docs/toString']) expect((await on.app.fetch(`http://test${path}`)).status, path).toBe(404);
  });

  it('off (the production default when unset, here set to false): none of them, while the API still answers', async () => {
    expect(off.config.apiDocs).toBe(false);
    for (const path of ['/openapi.json', '/v1/openapi.json', '/api-docs', '/api-docs/swagger-ui-bundle.js']) {
      expect((await off.app.fetch(`http://test${path}`)).status, path).toBe(404);
    }
    expect((await off.rest('GET', '/v1/rules')).status).toBe(200);
  });
});
