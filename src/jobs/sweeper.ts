import type { Queue } from 'bullmq';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';
import { AnalysisStore } from './analysis-store.js';
import { ANALYZE_JOB, type AnalyzeJobData } from './queue.js';
import type { JobsOptions } from 'bullmq';

export interface SweepResult {
  /** QUEUED or RUNNING analyses older than the age that were looked at. */
  examined: number;
  /** Enqueued again because no live job had them. */
  requeued: number;
  /** Marked FAILED because their job had failed for good. */
  failed: number;
}

/**
 * Enqueueing never loses work (DESIGN §8): the analysis row is written QUEUED before its job is
 * added, and this sweeper re-enqueues every QUEUED or RUNNING analysis older than `ageMs` whose
 * job is gone (lost with a Redis outage, removed by hand, never added because the enqueue
 * failed). A job that failed for good while its row stayed open (the process died between the
 * two) is recorded FAILED instead. Safe to run in every process at once: enqueueing is
 * idempotent (job id = analysis id) and the writes are guarded by status.
 */
export async function sweepOnce(deps: { orm: Orm; queue: Queue<AnalyzeJobData>; jobOptions: JobsOptions; ageMs: number; limit?: number }): Promise<SweepResult> {
  const rows = await deps.orm.em
    .getConnection()
    .execute<{ id: string }[]>(
      `select id from analyses where status in ('QUEUED', 'RUNNING') and created_at < now() - make_interval(secs => ?) order by created_at limit ?`,
      [deps.ageMs / 1000, deps.limit ?? 1000],
    );
  const result: SweepResult = { examined: rows.length, requeued: 0, failed: 0 };
  const store = new AnalysisStore(deps.orm);
  for (const { id } of rows) {
    const job = await deps.queue.getJob(id);
    const state = job ? await job.getState() : 'missing';
    if (state === 'failed') {
      await store.fail(id, job?.failedReason ? `Analysis failed: ${job.failedReason}` : 'Analysis failed');
      result.failed++;
    } else if (state === 'missing' || state === 'unknown' || state === 'completed') {
      // A completed job with an open row: its write was lost (or the job was replaced); run it again.
      if (job) await job.remove().catch(() => undefined);
      await deps.queue.add(ANALYZE_JOB, {}, { ...deps.jobOptions, jobId: id });
      result.requeued++;
    }
  }
  return result;
}

/** Runs the sweeper every `intervalMs` until stopped. */
export function startSweeper(deps: Parameters<typeof sweepOnce>[0] & { intervalMs: number; log: Logger }): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepOnce(deps)
      .then((r) => {
        if (r.requeued || r.failed) deps.log.info(r, 'sweeper: stale analyses recovered');
      })
      .catch((error: Error) => deps.log.warn({ err: { message: error.message } }, 'sweeper failed'))
      .finally(() => (running = false));
  }, deps.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
