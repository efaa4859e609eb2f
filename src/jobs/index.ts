import type { Queue } from 'bullmq';
import type { Config } from '../config.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';
import type { AppMetrics } from '../metrics/app-metrics.js';
import { startAnalysisWorker, type AnalysisWorker } from './analysis-worker.js';
import { createJobEvents, type JobEvents } from './events.js';
import type { AnalysisCompletedHook } from './hooks.js';
import { ANALYZE_JOB, analyzeJobOptions, connectQueue, queueSettings, readQueueStatus, type AnalyzeJobData, type QueueBackendKind, type QueueStatus } from './queue.js';
import { startSweeper } from './sweeper.js';

export type { AnalysisCompleted, AnalysisCompletedHook } from './hooks.js';
export type { QueueStatus } from './queue.js';

/** One analysis to run in the background: its id (the job id) and the requester's visible locations. */
export interface AnalysisJob {
  id: string;
  locations?: string[];
}

/** The background-job machinery of one process: the queue, the progress events, and optionally a worker and the sweeper. */
export interface Jobs {
  backend: QueueBackendKind;
  queue: Queue<AnalyzeJobData>;
  events: JobEvents;
  /** Adds one job per analysis (rows must already be QUEUED); idempotent per analysis id. */
  enqueue(jobs: AnalysisJob[]): Promise<void>;
  status(): Promise<QueueStatus>;
  /** Null when this process runs no worker (RUN_WORKER=false). */
  worker: AnalysisWorker | null;
  /** Stops taking jobs and finishes the running ones (SIGTERM); the queue stays usable. */
  drainWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface StartJobsOptions {
  config: Config;
  orm: Orm;
  log: Logger;
  /** The database the queue lives in when there is no Redis (and where LISTEN/NOTIFY carries events). */
  databaseUrl: string;
  runWorker: boolean;
  metrics?: AppMetrics | null;
  onAnalysisCompleted?: AnalysisCompletedHook;
}

export async function startJobs(options: StartJobsOptions): Promise<Jobs> {
  const { config, orm, log } = options;
  const connection = connectQueue(queueSettings(config, options.databaseUrl));
  const queue = connection.queue();
  queue.on('error', (error: Error) => log.warn({ err: { message: error.message } }, 'job queue error'));
  const events = await createJobEvents({ redisUrl: config.REDIS_URL, databaseUrl: options.databaseUrl, channelPrefix: config.QUEUE_PREFIX, log });
  const jobOptions = analyzeJobOptions(config);

  const worker = options.runWorker
    ? startAnalysisWorker({
        orm,
        log,
        connection,
        events,
        concurrency: config.WORKER_CONCURRENCY,
        stalledMs: config.JOB_STALLED_MS,
        observer: options.metrics?.analyses,
        queueMetrics: options.metrics?.queue,
        onAnalysisCompleted: options.onAnalysisCompleted,
      })
    : null;
  const sweeper = options.runWorker ? startSweeper({ orm, queue, jobOptions, ageMs: config.SWEEP_AGE_MS, intervalMs: config.SWEEP_INTERVAL_MS, log }) : null;

  const status = () => readQueueStatus(queue, connection.kind);
  // The depth gauge is read on a timer, never per scrape.
  const depthTimer = options.metrics
    ? setInterval(() => {
        status().then(
          (s) => options.metrics!.queue.depth({ waiting: s.waiting, active: s.active, delayed: s.delayed, completed: s.completed, failed: s.failed }),
          () => undefined,
        );
      }, 5000)
    : null;
  depthTimer?.unref();

  let drained: Promise<void> | null = null;
  const drainWorker = () => (drained ??= (async () => {
    sweeper?.stop();
    await worker?.close();
  })());

  return {
    backend: connection.kind,
    queue,
    events,
    worker,
    status,
    async enqueue(jobs) {
      for (let i = 0; i < jobs.length; i += 1000) {
        await queue.addBulk(
          jobs.slice(i, i + 1000).map((job) => ({
            name: ANALYZE_JOB,
            data: job.locations ? { locations: job.locations } : {},
            opts: { ...jobOptions, jobId: job.id },
          })),
        );
      }
    },
    drainWorker,
    async close() {
      if (depthTimer) clearInterval(depthTimer);
      await drainWorker();
      await queue.close().catch(() => undefined);
      connection.close();
      await events.close();
    },
  };
}
