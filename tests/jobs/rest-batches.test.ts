import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { storeCorpusWorkflows, waitFor } from './support.js';

describe('batches over REST, batch sizes and the analysis quota', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'on' }, { jobs: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('POST /v1/analyses/batch answers 202 with the batch and its Location; GET follows it to COMPLETED', async () => {
    const tenant = await t.tenant('ENTERPRISE');
    const ids = await storeCorpusWorkflows(t.orm, tenant, 12);
    const started = await t.rest('POST', '/v1/analyses/batch', { input: { workflowIds: ids } }, tenant.apiKey);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'QUEUED', total: 12, completed: 0, failed: 0 });
    expect(started.headers.get('location')).toBe(`/v1/batches/${started.body.id}`);
    const final = await waitFor(
      async () => (await t.rest('GET', started.headers.get('location')!, undefined, tenant.apiKey)).body,
      (b) => b.status === 'COMPLETED',
      30_000,
      'the batch over REST',
    );
    expect(final).toMatchObject({ id: started.body.id, total: 12, completed: 12, failed: 0 });
  });

  it('ASYNC over REST: 201 with the QUEUED analysis', async () => {
    const tenant = await t.tenant('PRO');
    const [id] = await storeCorpusWorkflows(t.orm, tenant, 1);
    const queued = await t.rest('POST', `/v1/workflows/${id}/analyses`, { mode: 'ASYNC' }, tenant.apiKey);
    expect(queued.status).toBe(201);
    expect(queued.body.analysis.status).toBe('QUEUED');
  });

  it("another tenant's batch is 404", async () => {
    const owner = await t.tenant('PRO');
    const stranger = await t.tenant('PRO');
    const ids = await storeCorpusWorkflows(t.orm, owner, 1);
    const started = await t.rest('POST', '/v1/analyses/batch', { input: { workflowIds: ids } }, owner.apiKey);
    const foreign = await t.rest('GET', `/v1/batches/${started.body.id}`, undefined, stranger.apiKey);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
  });

  it("a batch larger than the tier's batch size is a 400 naming the field, and nothing is stored or charged", async () => {
    const tenant = await t.tenant('FREE');
    const ids = await storeCorpusWorkflows(t.orm, tenant, 11);
    const refused = await t.rest('POST', '/v1/analyses/batch', { input: { workflowIds: ids } }, tenant.apiKey);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ field: 'input.workflowIds', message: expect.stringContaining('at most 10 workflows') }]);
    const [batches] = await t.orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from analysis_batches where organization_id = ?', [tenant.organization.id]);
    expect(Number(batches!.n)).toBe(0);
    // Nothing was charged: the ten analyses of the FREE hour are all still there.
    const ten = await t.rest('POST', '/v1/analyses/batch', { input: { workflowIds: ids.slice(0, 10) } }, tenant.apiKey);
    expect(ten.status).toBe(202);
    expect(ten.headers.get('x-ratelimit-analyses-remaining')).toBe('0');
  });

  it('each workflow of a batch counts against the hourly analysis quota', async () => {
    const tenant = await t.tenant('FREE');
    const ids = await storeCorpusWorkflows(t.orm, tenant, 10);
    const seven = await t.rest('POST', '/v1/analyses/batch', { input: { workflowIds: ids.slice(0, 7) } }, tenant.apiKey);
    expect(seven.status).toBe(202);
    expect(seven.headers.get('x-ratelimit-analyses-remaining')).toBe('3');
    // Four more do not fit in the three left: refused whole, nothing stored.
    const four = await t.rest('POST', '/v1/analyses/batch', { input: { workflowIds: ids.slice(6, 10) } }, tenant.apiKey);
    expect(four.status).toBe(429);
    expect(four.body.error.code).toBe('RATE_LIMITED');
    const [batches] = await t.orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from analysis_batches where organization_id = ?', [tenant.organization.id]);
    expect(Number(batches!.n)).toBe(1);
    // Three still fit.
    const three = await t.rest('POST', '/v1/analyses/batch', { input: { workflowIds: ids.slice(7, 10) } }, tenant.apiKey);
    expect(three.status).toBe(202);
  });
});
