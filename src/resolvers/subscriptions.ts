import type { AppContext } from '../context.js';
import { tenantOf } from '../context.js';
import type { Analysis } from '../db/entities/index.js';
import { AnalysisRepository } from '../db/repositories/analyses.js';
import { WorkflowRepository } from '../db/repositories/workflows.js';
import { batchFromJson, type BatchState } from '../jobs/batch-state.js';
import { getBatch, jobsUnavailable } from '../services/background-analyses.js';

/**
 * The subscriptions. Checks happen when the client subscribes (an unknown or foreign id is
 * NOT_FOUND and no stream starts); the event stream is opened before the current state is read,
 * so nothing that happens in between is missed. Every event is checked against the subscriber's
 * scope again (a key's locations may be narrower than its organization's).
 */

const FINAL = new Set(['COMPLETED', 'FAILED']);

async function latestAnalysis(ctx: AppContext, workflowId: string): Promise<Analysis | null> {
  const page = await new AnalysisRepository(ctx.em.fork(), tenantOf(ctx)).history(workflowId, 1);
  return page.items[0] ?? null;
}

export const analysisSubscriptions = {
  analysisUpdated: async (_root: unknown, args: { workflowId: string }, ctx: AppContext): Promise<AsyncIterable<Analysis | null>> => {
    const jobs = ctx.deps.jobs;
    if (!jobs) throw jobsUnavailable();
    const scope = tenantOf(ctx);
    const workflowId = String(args.workflowId);
    await new WorkflowRepository(ctx.em, scope).assertVisible(workflowId);
    const events = jobs.events.pubSub.subscribe('analysisUpdated', workflowId);
    const current = await latestAnalysis(ctx, workflowId);
    return (async function* () {
      try {
        yield current;
        for await (const event of events) {
          if (event.organizationId !== scope.organizationId || !scope.canSeeLocation(event.locationId)) continue;
          const [analysis] = await new AnalysisRepository(ctx.em.fork(), scope).getMany([event.analysisId]);
          if (analysis) yield analysis;
        }
      } finally {
        await events.return?.();
      }
    })();
  },

  batchProgress: async (_root: unknown, args: { batchId: string }, ctx: AppContext): Promise<AsyncIterable<BatchState>> => {
    const jobs = ctx.deps.jobs;
    if (!jobs) throw jobsUnavailable();
    const scope = tenantOf(ctx);
    const batchId = String(args.batchId);
    await getBatch(ctx.em, scope, batchId);
    const events = jobs.events.pubSub.subscribe('batchProgress', batchId);
    const current = await getBatch(ctx.em.fork(), scope, batchId);
    return (async function* () {
      try {
        yield current;
        if (FINAL.has(current.status)) return;
        // Counters only grow: an event older than what was already sent is skipped.
        let done = current.completed + current.failed;
        for await (const event of events) {
          if (event.organizationId !== scope.organizationId || !scope.canSeeLocation(event.locationId)) continue;
          const batch = batchFromJson({ ...event, organization_id: event.organizationId, location_id: event.locationId, created_at: event.createdAt, updated_at: event.updatedAt });
          if (batch.completed + batch.failed < done) continue;
          done = batch.completed + batch.failed;
          yield batch;
          if (FINAL.has(batch.status)) return;
        }
      } finally {
        await events.return?.();
      }
    })();
  },
};
