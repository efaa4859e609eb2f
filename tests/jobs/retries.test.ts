import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { BACKENDS, storeCorpusWorkflows, waitFor } from './support.js';

const BATCH = `mutation ($ids: [ID!]!) { analyzeWorkflows(input: { workflowIds: $ids }) { id } }`;
const BATCH_STATE = `query ($id: ID!) { analysisBatch(id: $id) { status total completed failed analyses(first: 10) { edges { node { workflowId status error } } } } }`;

describe.each(BACKENDS)('retries on $name', ({ redis }) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '20' }, { redis, jobs: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a job that keeps failing is retried, then its analysis is FAILED with the reason; the others of its batch complete', async () => {
    const tenant = await t.tenant('ENTERPRISE');
    const ids = await storeCorpusWorkflows(t.orm, tenant, 5);
    const poisoned = ids[2]!;
    // A database fault for one workflow only: recording its analysis always fails.
    const connection = t.orm.em.getConnection();
    await connection.execute(`create or replace function refuse_analysis() returns trigger language plpgsql as $$
      begin raise exception 'injected fault'; end $$`);
    await connection.execute(
      `create trigger refuse_analysis before update on analyses for each row
         when (new.status = 'COMPLETED' and new.workflow_id = '${poisoned}') execute function refuse_analysis()`,
    );
    try {
      const batchId = (await t.graphql(BATCH, { ids }, tenant.apiKey)).body.data!.analyzeWorkflows.id;
      const final = await waitFor(
        async () => (await t.graphql(BATCH_STATE, { id: batchId }, tenant.apiKey)).body.data!.analysisBatch,
        (b) => b.status === 'COMPLETED' || b.status === 'FAILED',
        30_000,
        'the batch with a failing job',
      );
      expect(final).toMatchObject({ status: 'COMPLETED', total: 5, completed: 4, failed: 1 });
      const nodes = final.analyses.edges.map((e: { node: unknown }) => e.node) as { workflowId: string; status: string; error: string | null }[];
      const failed = nodes.find((n) => n.workflowId === poisoned)!;
      expect(failed.status).toBe('FAILED');
      // The reason names the tries and the kind of error, never the statement.
      expect(failed.error).toBe('The analysis could not be completed after 3 tries (P0001)');
      expect(nodes.filter((n) => n.status === 'COMPLETED')).toHaveLength(4);
      // The queue tried it three times (first run + 2 retries with backoff).
      const [row] = await connection.execute<{ id: string }[]>(`select id from analyses where batch_id = ? and workflow_id = ?`, [batchId, poisoned]);
      const job = await t.jobs!.queue.getJob(row!.id);
      expect(job?.attemptsMade).toBe(3);
    } finally {
      await connection.execute('drop trigger refuse_analysis on analyses');
    }
  });
});
