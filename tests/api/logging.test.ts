import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { parseApiKey } from '../../src/auth/api-key-secret.js';
import { createTestApp, type TestApp } from '../support/app.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';
import type { Jobs } from '../../src/jobs/index.js';

/** Every log line of an app, captured as parsed JSON. */
function capturingApp(t: TestApp) {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const app = createApp({ config: t.config, orm: t.orm, log: createLogger('debug', sink) });
  return { app, lines };
}

let t: TestApp;
let org: CreatedOrganization;
beforeAll(async () => {
  t = await createTestApp();
  org = await t.tenant();
});
afterAll(() => t.close());

describe('logs', () => {
  it('carry the request id on every line of a request, and never the API key or a workflow secret', async () => {
    const { app, lines } = capturingApp(t);
    const secret = 'sk-live-' + 'Q7w'.repeat(12);
    const workflow = { nodes: [{ name: 'Call', type: 'n8n-nodes-base.httpRequest', position: [0, 0], parameters: { apiKey: secret } }], connections: {} };
    const post = (body: unknown, requestId: string) =>
      app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}`, 'x-request-id': requestId },
        body: JSON.stringify(body),
      });
    const ok = await post({ query: 'mutation($i: ImportWorkflowInput!) { importWorkflow(input: $i) { id } }', variables: { i: { locationId: org.location.id, workflow } } }, 'req-import');
    expect(ok.status).toBe(200);
    // A failing insert: the driver error holds the whole statement with the workflow inlined.
    await t.orm.em.getConnection().execute('alter table workflows add constraint no_more_rows check (false) not valid');
    try {
      const failed = await post({ query: 'mutation($i: ImportWorkflowInput!) { importWorkflow(input: $i) { id } }', variables: { i: { locationId: org.location.id, workflow } } }, 'req-fail');
      expect(failed.status).toBe(500);
      const restFailed = await app.fetch('http://test/v1/workflows/import', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}`, 'x-request-id': 'req-rest-fail' },
        body: JSON.stringify({ input: { locationId: org.location.id, workflow } }),
      });
      expect(restFailed.status).toBe(500);
      expect(await restFailed.json()).toEqual({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
    } finally {
      await t.orm.em.getConnection().execute('alter table workflows drop constraint no_more_rows');
    }

    const all = lines.join('');
    expect(all).not.toContain(parseApiKey(org.apiKey)!.secret);
    expect(all).not.toContain(secret);
    const parsed = lines.map((l) => JSON.parse(l));
    const failure = parsed.find((l) => l.msg === 'unexpected error');
    expect(failure?.err).toMatchObject({ code: '23514', constraint: 'no_more_rows' });
    // Logged once, with the id of the request that failed.
    expect(parsed.filter((l) => l.msg === 'unexpected error').map((l) => l.reqId)).toEqual(['req-fail', 'req-rest-fail']);
    const requestLines = parsed.filter((l) => l.msg === 'request');
    expect(requestLines.map((l) => l.reqId)).toEqual(expect.arrayContaining(['req-import']));
    expect(parsed.filter((l) => l.msg === 'request failed').map((l) => l.reqId)).toEqual(['req-fail', 'req-rest-fail']);
  });

  it("of a REST request sent without X-Request-Id carry the id of its answer, also from inside the resolver", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    // A queue that is down: the analysis is stored QUEUED, and the resolver logs the failed
    // enqueue through the request's logger (ctx.log).
    const jobs = { enqueue: () => Promise.reject(new Error('queue down')) } as unknown as Jobs;
    const app = createApp({ config: t.config, orm: t.orm, log: createLogger('debug', sink), jobs });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}` };
    const workflow = { nodes: [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', position: [0, 0], parameters: {} }], connections: {} };
    const imported = await app.fetch('http://test/v1/workflows/import', { method: 'POST', headers, body: JSON.stringify({ input: { locationId: org.location.id, workflow } }) });
    expect(imported.status).toBe(201);
    const { id: workflowId } = (await imported.json()) as { id: string };

    const queued = await app.fetch(`http://test/v1/workflows/${workflowId}/analyses`, { method: 'POST', headers, body: JSON.stringify({ mode: 'ASYNC' }) });
    expect(queued.status).toBe(201);
    const requestId = queued.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const parsed = lines.map((l) => JSON.parse(l) as { msg: string; reqId?: string });
    expect(parsed.filter((l) => l.msg.startsWith('enqueue failed')).map((l) => l.reqId)).toEqual([requestId]);
  });
});
