import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';
import { BACKENDS, batchRows, spawnWorker, storeCorpusWorkflows, waitFor } from './support.js';

const BATCH = `mutation ($ids: [ID!]!) { analyzeWorkflows(input: { workflowIds: $ids }) { id total } }`;
const WORKER_ENV = { JOB_STALLED_MS: '2000', WORKER_CONCURRENCY: '8' };

describe.each(BACKENDS)('a worker killed with SIGKILL during a 1,000-workflow batch, on $name', ({ redis }) => {
  const redisUrl = redis ? inject('redisUrl') : null;
  let api: TestApp;
  let tenant: CreatedOrganization;

  beforeAll(async () => {
    api = await createTestApp({}, { redis, jobs: { worker: false } });
    tenant = await api.tenant('ENTERPRISE');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  it('a restarted worker finishes the batch with exactly one completed analysis per workflow', { timeout: 180_000 }, async () => {
    const ids = await storeCorpusWorkflows(api.orm, tenant, 1000);
    const started = await api.graphql(BATCH, { ids }, tenant.apiKey);
    expect(started.body.errors).toBeUndefined();
    const batchId = started.body.data!.analyzeWorkflows.id as string;
    const progress = async () => {
      const [row] = await api.orm.em.getConnection().execute<{ completed: number; failed: number; status: string }[]>(
        'select completed, failed, status from analysis_batches where id = ?',
        [batchId],
      );
      return row!;
    };

    const first = await spawnWorker(api, redisUrl, WORKER_ENV);
    await waitFor(progress, (b) => b.completed >= 150, 60_000, 'the first worker to get going');
    await first.kill('SIGKILL');
    const atKill = await progress();
    expect(atKill.completed).toBeLessThan(1000);

    const second = await spawnWorker(api, redisUrl, WORKER_ENV);
    try {
      const final = await waitFor(progress, (b) => b.status === 'COMPLETED', 120_000, 'the batch to complete after the restart');
      expect(final).toMatchObject({ completed: 1000, failed: 0 });
      // Jobs whose results the killed worker had written but not yet acknowledged stay 'active'
      // until the stalled-job check hands them to the new worker, which finds them done. Nothing
      // may stay locked: the queue ends empty (this also leaves it clean for the next test).
      await waitFor(() => api.jobs!.status(), (q) => q.active === 0 && q.waiting === 0, 60_000, 'the stalled jobs to be recovered');
    } finally {
      await second.kill('SIGTERM');
    }
    const rows = await batchRows(api.orm, batchId);
    expect(rows.byStatus).toEqual({ COMPLETED: 1000 });
    expect(rows.duplicateWorkflows).toBe(0);
    // No half-written or doubled findings: every analysis holds exactly what it declares.
    expect(rows.findingsStored).toBe(rows.findingsDeclared);
    const [perAnalysis] = await api.orm.em.getConnection().execute<{ bad: string }[]>(
      `select count(*) as bad from analyses a
        where a.batch_id = ? and a.finding_count <> (select count(*) from findings f where f.analysis_id = a.id)`,
      [batchId],
    );
    expect(Number(perAnalysis!.bad)).toBe(0);
  });

  it('on SIGTERM a worker finishes the jobs it runs, takes no new ones, and exits', { timeout: 120_000 }, async () => {
    const ids = await storeCorpusWorkflows(api.orm, tenant, 200);
    const batchId = (await api.graphql(BATCH, { ids }, tenant.apiKey)).body.data!.analyzeWorkflows.id as string;
    const counts = async () => {
      const rows = await api.orm.em
        .getConnection()
        .execute<{ status: string; n: string }[]>('select status, count(*) as n from analyses where batch_id = ? group by status', [batchId]);
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
    };
    const worker = await spawnWorker(api, redisUrl, { WORKER_CONCURRENCY: '4' });
    await waitFor(counts, (c) => (c.COMPLETED ?? 0) >= 10, 60_000, 'the worker to get going');
    expect(await worker.kill('SIGTERM')).toBe(0);
    // Nothing was left half done: every analysis is either finished or still waiting its turn.
    const after = await counts();
    expect(after.RUNNING ?? 0).toBe(0);
    expect(after.QUEUED ?? 0).toBeGreaterThan(0);
    const queue = await api.jobs!.status();
    expect(queue.active).toBe(0);
    // The jobs it did not take are still there for the next worker.
    expect(queue.waiting).toBe(after.QUEUED);
  });
});
