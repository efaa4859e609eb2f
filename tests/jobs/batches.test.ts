import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';
import { sweepOnce } from '../../src/jobs/sweeper.js';
import { analyzeJobOptions } from '../../src/jobs/queue.js';
import { BACKENDS, batchRows, storeCorpusWorkflows, waitFor } from './support.js';

const BATCH = `mutation ($input: AnalyzeWorkflowsInput!) { analyzeWorkflows(input: $input) { id status total completed failed } }`;
const BATCH_STATE = `query ($id: ID!) { analysisBatch(id: $id) { id status total completed failed analyses(first: 100) { totalCount edges { node { id status workflowId healthScore findingCount reused } } } } }`;
const ANALYZE = `mutation ($id: ID!, $mode: AnalysisMode) { analyzeWorkflow(id: $id, mode: $mode) { reused analysis { id status healthScore grade findingCount reusedFromId } } }`;
const ANALYSIS = `query ($id: ID!) { analysis(id: $id) { id status healthScore grade findingCount findings(first: 200) { ruleId nodeName } } }`;

describe.each(BACKENDS)('background analyses on $name', ({ redis }) => {
  let t: TestApp;
  let tenant: CreatedOrganization;
  let other: CreatedOrganization;

  beforeAll(async () => {
    t = await createTestApp({ JOB_BACKOFF_MS: '50' }, { redis, jobs: true });
    tenant = await t.tenant('ENTERPRISE');
    other = await t.tenant('PRO');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ASYNC answers the QUEUED analysis; the worker stores what the SYNC path stores', async () => {
    const [id] = await storeCorpusWorkflows(t.orm, tenant, 1);
    const queued = await t.graphql(ANALYZE, { id, mode: 'ASYNC' }, tenant.apiKey);
    expect(queued.body.errors).toBeUndefined();
    const analysis = queued.body.data!.analyzeWorkflow.analysis;
    expect(analysis).toMatchObject({ status: 'QUEUED', healthScore: null, grade: null });
    const done = await waitFor(
      async () => (await t.graphql(ANALYSIS, { id: analysis.id }, tenant.apiKey)).body.data!.analysis,
      (a) => a.status === 'COMPLETED',
      30_000,
      'the ASYNC analysis',
    );
    // The same workflow analysed synchronously (reused: identical content) gives the same result.
    const sync = (await t.graphql(ANALYZE, { id }, tenant.apiKey)).body.data!.analyzeWorkflow;
    expect(sync.reused).toBe(true);
    expect(sync.analysis.reusedFromId).toBe(analysis.id);
    expect(done).toMatchObject({ healthScore: sync.analysis.healthScore, grade: sync.analysis.grade, findingCount: sync.analysis.findingCount });
    expect(done.findings).toHaveLength(done.findingCount);
  });

  it('a batch of corpus workflows completes with the right counts, one completed analysis per workflow', async () => {
    const ids = await storeCorpusWorkflows(t.orm, tenant, 60);
    const started = await t.graphql(BATCH, { input: { workflowIds: ids } }, tenant.apiKey);
    expect(started.body.errors).toBeUndefined();
    const batch = started.body.data!.analyzeWorkflows;
    expect(batch).toMatchObject({ status: 'QUEUED', total: 60, completed: 0, failed: 0 });
    const final = await waitFor(
      async () => (await t.graphql(BATCH_STATE, { id: batch.id }, tenant.apiKey)).body.data!.analysisBatch,
      (b) => b.status === 'COMPLETED',
      60_000,
      'the batch',
    );
    expect(final).toMatchObject({ total: 60, completed: 60, failed: 0 });
    expect(final.analyses.totalCount).toBe(60);
    const nodes = final.analyses.edges.map((e: { node: { workflowId: string; status: string } }) => e.node);
    expect(new Set(nodes.map((n: { workflowId: string }) => n.workflowId))).toEqual(new Set(ids));
    expect(nodes.every((n: { status: string }) => n.status === 'COMPLETED')).toBe(true);
    const rows = await batchRows(t.orm, batch.id);
    expect(rows).toMatchObject({ byStatus: { COMPLETED: 60 }, duplicateWorkflows: 0 });
    expect(rows.findingsStored).toBe(rows.findingsDeclared);
    // The workflows show their new latest score.
    const [latest] = await t.orm.em
      .getConnection()
      .execute<{ n: string }[]>('select count(*) as n from workflows where id = any(?::uuid[]) and latest_score is not null', [`{${ids.join(',')}}`]);
    expect(Number(latest!.n)).toBe(60);
  });

  it('reanalyzeLocation runs every live workflow of the location as a batch', async () => {
    const result = await t.graphql(`mutation ($id: ID!) { reanalyzeLocation(locationId: $id) { id total } }`, { id: tenant.location.id }, tenant.apiKey);
    expect(result.body.errors).toBeUndefined();
    const [count] = await t.orm.em
      .getConnection()
      .execute<{ n: string }[]>('select count(*) as n from workflows where location_id = ? and deleted_at is null', [tenant.location.id]);
    expect(result.body.data!.reanalyzeLocation.total).toBe(Number(count!.n));
    await waitFor(
      async () => (await t.graphql(BATCH_STATE, { id: result.body.data!.reanalyzeLocation.id }, tenant.apiKey)).body.data!.analysisBatch,
      (b) => b.status === 'COMPLETED',
      60_000,
      'the location batch',
    );
  });

  it("another tenant's batch or workflow is NOT_FOUND, and nothing is stored", async () => {
    const [mine] = await storeCorpusWorkflows(t.orm, tenant, 1);
    const [theirs] = await storeCorpusWorkflows(t.orm, other, 1);
    const [before] = await t.orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from analysis_batches');
    const mixed = await t.graphql(BATCH, { input: { workflowIds: [mine, theirs] } }, tenant.apiKey);
    expect(mixed.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(mixed.body.errors?.[0]?.message).toContain(theirs);
    const [after] = await t.orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from analysis_batches');
    expect(after!.n).toBe(before!.n);

    const own = await t.graphql(BATCH, { input: { workflowIds: [theirs] } }, other.apiKey);
    const foreign = await t.graphql(BATCH_STATE, { id: own.body.data!.analyzeWorkflows.id }, tenant.apiKey);
    expect(foreign.body.data?.analysisBatch).toBeNull();
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('bad batch input is a 400 naming the field', async () => {
    const both = await t.graphql(BATCH, { input: { workflowIds: [], locationId: tenant.location.id } }, tenant.apiKey);
    expect(both.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: [{ field: 'input' }] });
    const empty = await t.graphql(BATCH, { input: { workflowIds: [] } }, tenant.apiKey);
    expect(empty.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: [{ field: 'input.workflowIds' }] });
  });

  it('the sweeper re-enqueues a QUEUED analysis whose job was removed by hand', async () => {
    const sweeper = await createTestApp({}, { redis, jobs: { worker: false } });
    try {
      const owner = await sweeper.tenant('PRO');
      const [id] = await storeCorpusWorkflows(sweeper.orm, owner, 1);
      const queued = await sweeper.graphql(ANALYZE, { id, mode: 'ASYNC' }, owner.apiKey);
      const analysisId = queued.body.data!.analyzeWorkflow.analysis.id as string;
      const job = await sweeper.jobs!.queue.getJob(analysisId);
      expect(job).toBeTruthy();
      // /health/detailed shows it waiting (no worker here).
      const health = await (await sweeper.app.fetch('http://test/health/detailed')).json();
      expect(health.checks.queue).toMatchObject({ status: 'up', backend: redis ? 'redis' : 'postgres', waiting: 1, active: 0, failed: 0 });
      expect(health.checks.queue.oldestWaitingSeconds).toBeGreaterThanOrEqual(0);
      await job!.remove();
      expect(await sweeper.jobs!.queue.getJob(analysisId)).toBeFalsy();
      const sweep = await sweepOnce({ orm: sweeper.orm, queue: sweeper.jobs!.queue, jobOptions: analyzeJobOptions(sweeper.config), ageMs: 0 });
      expect(sweep).toMatchObject({ requeued: 1, failed: 0 });
      expect(await sweeper.jobs!.queue.getJob(analysisId)).toBeTruthy();
      // A worker (a second instance) then completes it.
      const worker = await sweeper.sibling({ jobs: true });
      const done = await waitFor(
        async () => (await worker.graphql(ANALYSIS, { id: analysisId }, owner.apiKey)).body.data!.analysis,
        (a) => a.status === 'COMPLETED',
        30_000,
        'the swept analysis',
      );
      expect(done.healthScore).toBeGreaterThanOrEqual(0);
    } finally {
      await sweeper.close();
    }
  });
});
