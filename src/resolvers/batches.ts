import type { AppContext } from '../context.js';
import { tenantOf, viewerOf } from '../context.js';
import { pageSize } from '../db/cursor.js';
import { AnalysisRepository } from '../db/repositories/analyses.js';
import { badInput } from '../errors.js';
import type { BatchState } from '../jobs/batch-state.js';
import {
  batchAnalyses,
  countBatchAnalyses,
  createBatch,
  getBatch,
  jobsUnavailable,
  resolveBatchWorkflows,
  type BatchInput,
} from '../services/background-analyses.js';
import type { IdArgs, PageArgs } from './args.js';
import { toConnection } from './connection.js';

/** Resolvers of batch analysis: arguments in, one service call, result out. */

/**
 * A batch: the workflows checked, the tier's batch size enforced (400 naming the field), the
 * analysis quota charged once per workflow (429 when it cannot cover them all, nothing charged),
 * then the batch and its QUEUED analyses stored and their jobs added.
 */
async function startBatch(ctx: AppContext, input: BatchInput, field: string) {
  const jobs = ctx.deps.jobs;
  if (!jobs) throw jobsUnavailable();
  const scope = tenantOf(ctx);
  const viewer = viewerOf(ctx);
  const target = await resolveBatchWorkflows(ctx.em, scope, input);
  const { limits } = ctx.deps;
  const maxSize = limits.settings.enabled ? limits.settings.tiers[viewer.tier].batchSize : null;
  if (maxSize !== null && target.workflowIds.length > maxSize) {
    throw badInput([{ field, message: `a batch on the ${viewer.tier} tier holds at most ${maxSize} workflows; this one has ${target.workflowIds.length}` }]);
  }
  await limits.consumeAnalyses(viewer, target.workflowIds.length, ctx);
  try {
    return await createBatch(ctx.em, scope, target, viewer.userId, jobs, ctx.log);
  } catch (error) {
    await limits.refundAnalyses(viewer, target.workflowIds.length, ctx);
    throw error;
  }
}

export const batchMutations = {
  analyzeWorkflows: (_root: unknown, { input }: { input: BatchInput }, ctx: AppContext) =>
    startBatch(ctx, input, input.locationId ? 'input.locationId' : 'input.workflowIds'),
  reanalyzeLocation: (_root: unknown, args: { locationId: string }, ctx: AppContext) => startBatch(ctx, { locationId: String(args.locationId) }, 'locationId'),
};

export const batchQueries = {
  analysisBatch: (_root: unknown, args: IdArgs, ctx: AppContext) => getBatch(ctx.em, tenantOf(ctx), String(args.id)),
};

export const batchFields = {
  analyses: async (batch: BatchState, args: PageArgs, ctx: AppContext) =>
    toConnection(await batchAnalyses(ctx.em, batch, pageSize(args.first), args.after), args.after, () => countBatchAnalyses(ctx.em, batch)),
};

/** Reads an analysis for a subscriber, scoped to it (null when it cannot see it). */
export async function visibleAnalysis(ctx: AppContext, id: string) {
  const [analysis] = await new AnalysisRepository(ctx.em.fork(), tenantOf(ctx)).getMany([id]);
  return analysis ?? null;
}
