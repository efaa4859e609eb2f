import type { AppContext } from '../context.js';
import { loadersOf, readerOf, tenantOf, viewerOf } from '../context.js';
import type { Analysis } from '../db/entities/index.js';
import { AnalysisRepository } from '../db/repositories/analyses.js';
import { WorkflowRepository } from '../db/repositories/workflows.js';
import { pageSize } from '../db/cursor.js';
import { prepareDefinition } from '../services/workflows.js';
import { analyzeStoredWorkflow } from '../services/analyses.js';
import { jobsUnavailable, queueAnalysis } from '../services/background-analyses.js';
import { analyze, type WorkflowFormat } from '../analyzer/index.js';
import type { IdArgs, PageArgs } from './args.js';
import { toConnection } from './connection.js';

/** Resolvers of the analysis fields: arguments in, one repository or service call, result out. */

export const analysisQueries = {
  analysis: (_root: unknown, args: IdArgs, ctx: AppContext) => new AnalysisRepository(readerOf(ctx), tenantOf(ctx)).get(String(args.id)),
  /** The history of one workflow: NOT_FOUND first when the workflow is not visible. */
  analyses: async (_root: unknown, args: PageArgs & { workflowId: string }, ctx: AppContext) => {
    const scope = tenantOf(ctx);
    const workflowId = String(args.workflowId);
    await new WorkflowRepository(readerOf(ctx), scope).assertVisible(workflowId);
    const repository = new AnalysisRepository(readerOf(ctx), scope);
    return toConnection(await repository.history(workflowId, pageSize(args.first), args.after), args.after, () => repository.countHistory(workflowId));
  },
};

/** Fields of an Analysis that load something. */
export const analysisFields = {
  /** Capped: an analysis of a 5,000-node workflow can have thousands of findings. */
  findings: async (a: Analysis, args: { first?: number | null }, ctx: AppContext) => (await loadersOf(ctx).findings.load(a.id)).slice(0, args.first ?? 100),
  workflow: (a: Analysis, _args: unknown, ctx: AppContext) => loadersOf(ctx).workflow.load(a.workflowId),
};

export const analysisMutations = {
  /** Analyses a stored workflow now and records the result (or reuses an identical one). */
  analyzeWorkflow: async (_root: unknown, args: IdArgs & { mode?: 'SYNC' | 'ASYNC' | null }, ctx: AppContext) => {
    const result =
      args.mode !== 'ASYNC'
        ? await analyzeStoredWorkflow(ctx.em, tenantOf(ctx), String(args.id), viewerOf(ctx).userId, { observer: ctx.deps.metrics?.analyses })
        : await (async () => {
            if (!ctx.deps.jobs) throw jobsUnavailable();
            return { analysis: await queueAnalysis(ctx.em, tenantOf(ctx), String(args.id), viewerOf(ctx).userId, ctx.deps.jobs, ctx.log), reused: false };
          })();
    // The workflow's latest score, its history, its location's lists and health changed (a queued
    // analysis is in the history already; the job's completion evicts again, see runtime.ts).
    await ctx.deps.cache?.invalidateAnalysis({ workflowId: result.analysis.workflowId, locationId: result.analysis.locationId });
    return result;
  },
  /** Analyses a definition without storing anything. */
  analyzeDefinition: (_root: unknown, { input }: { input: { definition?: unknown; format?: WorkflowFormat | null } }, ctx: AppContext) => {
    const prepared = prepareDefinition(input.definition, input.format ?? undefined, ctx.deps.config.MAX_WORKFLOW_NODES, 'input.definition');
    return analyze(prepared.source, { format: prepared.format });
  },
};
