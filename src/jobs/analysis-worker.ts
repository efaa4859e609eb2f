import type { Job, Worker } from 'bullmq';
import { analyze, RULESET_VERSION } from '../analyzer/index.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';
import type { AnalysisObserver } from '../services/analyses.js';
import type { QueueMetrics } from '../metrics/later-features.js';
import { AnalysisStore, type Claimed, type ClaimRequest, type Completion, type FlushResult } from './analysis-store.js';
import { Coalescer } from './coalescer.js';
import { ANALYSIS_QUEUE, type AnalyzeJobData, type QueueConnection } from './queue.js';
import type { JobEvents } from './events.js';
import type { AnalysisCompletedHook } from './hooks.js';

export interface AnalysisWorkerOptions {
  orm: Orm;
  log: Logger;
  connection: QueueConnection;
  events: JobEvents | null;
  concurrency: number;
  stalledMs: number;
  observer?: AnalysisObserver;
  queueMetrics?: QueueMetrics;
  /** Called for every analysis a job stored (the response cache evicts with it). */
  onAnalysisCompleted?: AnalysisCompletedHook;
}

export interface AnalysisWorker {
  worker: Worker<AnalyzeJobData>;
  /** Takes no new jobs, finishes the running ones (their results are written), then closes. */
  close(): Promise<void>;
}

/**
 * Runs analysis jobs. Each job: claim its analysis (RUNNING), analyse the workflow's current
 * definition or reuse an identical earlier result (the rules of the synchronous path), record it.
 * Claims and records of concurrent jobs are coalesced into one statement each (coalescer.ts),
 * which is what lets one worker process keep up with hundreds of analyses per second.
 */
export function startAnalysisWorker(options: AnalysisWorkerOptions): AnalysisWorker {
  const { log, events, observer, queueMetrics } = options;
  const store = new AnalysisStore(options.orm);
  const claims = new Coalescer<ClaimRequest, Claimed | undefined>(
    async (requests) => {
      const claimed = await store.claim(requests, RULESET_VERSION);
      return requests.map((r) => claimed.get(r.id));
    },
    { maxItems: 200, maxDelayMs: 4 },
  );
  const published = (result: FlushResult) => {
    if (result.finished.length) {
      void events?.pubSub.publish(
        'analysesStored',
        result.finished.map((f) => ({ analysisId: f.id, workflowId: f.workflowId, locationId: f.locationId, organizationId: f.organizationId })),
      );
    }
    for (const finished of result.finished) {
      void events?.pubSub.publish('analysisUpdated', finished.workflowId, {
        analysisId: finished.id,
        workflowId: finished.workflowId,
        organizationId: finished.organizationId,
        locationId: finished.locationId,
        status: finished.status,
      });
      try {
        options.onAnalysisCompleted?.({ analysisId: finished.id, workflowId: finished.workflowId, locationId: finished.locationId, organizationId: finished.organizationId });
      } catch (error) {
        log.warn({ err: { message: (error as Error).message } }, 'onAnalysisCompleted hook failed');
      }
    }
    for (const batch of result.batches) void events?.pubSub.publish('batchProgress', batch.id, batch);
  };
  const writes = new Coalescer<Completion, Error | null>(
    async (completions) => {
      try {
        published(await store.complete(completions));
        return completions.map(() => null);
      } catch (error) {
        if (completions.length === 1) throw error;
        // One bad row fails the whole statement: each is written alone, so only its own job
        // fails (and retries) instead of every job that shared the flush.
        return Promise.all(
          completions.map((completion) =>
            store.complete([completion]).then(
              (result) => (published(result), null),
              (failure: Error) => failure,
            ),
          ),
        );
      }
    },
    { maxItems: 200, maxDelayMs: 4 },
  );

  const processor = async (job: Job<AnalyzeJobData>) => {
    const started = performance.now();
    const id = job.id!;
    try {
      const claimed = await claims.submit({ id, locations: job.data.locations });
      // Already COMPLETED or FAILED (a job run again after its result was written): nothing to do.
      if (!claimed) return;
      if (!claimed.workflow) {
        published(await store.fail(id, 'The workflow was deleted before it could be analysed'));
        observer?.failed('batch');
        queueMetrics?.finished({ queue: ANALYSIS_QUEUE, outcome: 'failed' }, (performance.now() - started) / 1000);
        return;
      }
      const completion = completionOf(claimed);
      const failure = await writes.submit(completion.row);
      if (failure) throw failure;
      if (completion.report) observer?.analyzed({ source: 'batch', ...completion.report });
      else observer?.reused('batch');
      queueMetrics?.finished({ queue: ANALYSIS_QUEUE, outcome: 'completed' }, (performance.now() - started) / 1000);
    } catch (error) {
      const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      queueMetrics?.finished({ queue: ANALYSIS_QUEUE, outcome: lastTry ? 'failed' : 'retried' }, (performance.now() - started) / 1000);
      if (lastTry) {
        observer?.failed('batch');
        log.warn({ analysisId: id, err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'analysis job failed after its last try');
        // The message of a database error can hold the statement: the stored reason names only its kind.
        const kind = (error as { code?: string }).code ?? (error as Error).name;
        await store.fail(id, `The analysis could not be completed after ${job.attemptsMade + 1} tries (${kind})`).then(published, () => undefined);
      }
      throw error;
    }
  };

  const worker = options.connection.worker(processor, { concurrency: options.concurrency, stalledMs: options.stalledMs });
  worker.on('error', (error) => log.warn({ err: { message: error.message } }, 'analysis worker error'));
  void worker.run().catch((error: Error) => log.error({ err: { message: error.message } }, 'analysis worker stopped'));
  return {
    worker,
    close: () => worker.close(),
  };
}

function completionOf(claimed: Claimed): { row: Completion; report?: { durationSeconds: number; healthScore: number; findings: readonly { ruleId: string; severity: string }[] } } {
  const workflow = claimed.workflow!;
  const base = { id: claimed.id, version: workflow.version, contentHash: workflow.contentHash };
  const previous = claimed.previous;
  if (previous) {
    return {
      row: {
        ...base,
        rulesetVersion: previous.rulesetVersion,
        healthScore: previous.healthScore,
        grade: previous.grade,
        categoryScores: previous.categoryScores,
        counts: previous.counts,
        findingCount: previous.findingCount,
        durationMs: 0,
        copyFrom: previous.id,
        reusedFromId: previous.pointAt,
      },
    };
  }
  const started = performance.now();
  const report = analyze(workflow.source, { format: workflow.format });
  const elapsed = performance.now() - started;
  return {
    row: {
      ...base,
      rulesetVersion: report.rulesetVersion,
      healthScore: report.score.overall,
      grade: report.score.grade,
      categoryScores: report.score.categories,
      counts: report.counts as unknown as Record<string, number>,
      findingCount: report.findings.length,
      durationMs: Math.round(elapsed),
      findings: report.findings,
    },
    report: { durationSeconds: elapsed / 1000, healthScore: report.score.overall, findings: report.findings },
  };
}
