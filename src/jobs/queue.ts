import { Queue, Worker, createPostgresBackend, type JobsOptions, type Processor } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config.js';

/**
 * The analysis queue (DESIGN §8): BullMQ on Redis when REDIS_URL is set, else on PostgreSQL
 * (BullMQ's PostgreSQL backend, in the `bullmq` schema of our database, the embedded one
 * included). The job id is the analysis id, so enqueueing the same analysis twice is one job.
 */

export const ANALYSIS_QUEUE = 'analyses';
export const ANALYZE_JOB = 'analyze';

/** What a job carries besides its id (the analysis id). */
export interface AnalyzeJobData {
  /** The requester's visible locations: an identical earlier result is reused only from these. */
  locations?: string[];
}

export type QueueBackendKind = 'redis' | 'postgres';

export interface QueueConnection {
  kind: QueueBackendKind;
  /** A Queue (producer) on this backend. */
  queue(): Queue<AnalyzeJobData>;
  /** A Worker on this backend; not running until `run()` when autorun is false. */
  worker(processor: Processor<AnalyzeJobData>, options: { concurrency: number; stalledMs: number }): Worker<AnalyzeJobData>;
  /** Closes the Redis connections made here (BullMQ leaves connections it was given open); after the queue and worker closed. */
  close(): void;
}

export interface QueueSettings {
  redisUrl?: string;
  databaseUrl: string;
  prefix: string;
}

export function queueSettings(config: Config, databaseUrl: string): QueueSettings {
  return { redisUrl: config.REDIS_URL, databaseUrl, prefix: config.QUEUE_PREFIX };
}

/** Job options of every analysis job: retries with exponential backoff, bounded history. */
export function analyzeJobOptions(config: Pick<Config, 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS'>): JobsOptions {
  return {
    attempts: config.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
    // Finished jobs stay a while so that a duplicate enqueue of the same analysis is still one
    // job; the analysis row is the lasting record.
    removeOnComplete: { age: 3600, count: 100_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

export function connectQueue(settings: QueueSettings): QueueConnection {
  if (settings.redisUrl) {
    const url = settings.redisUrl;
    const clients: Redis[] = [];
    const client = (options: RedisOptions) => {
      const made = new Redis(url, options);
      clients.push(made);
      return made;
    };
    // BullMQ's workers block on Redis and need commands never to give up (maxRetriesPerRequest
    // null); producers fail fast instead, so an enqueue during an outage errors at once and the
    // sweeper enqueues the QUEUED row later.
    return {
      kind: 'redis',
      queue: () =>
        new Queue<AnalyzeJobData>(ANALYSIS_QUEUE, {
          prefix: settings.prefix,
          connection: client({ maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 }),
        }),
      worker: (processor, options) =>
        new Worker<AnalyzeJobData>(ANALYSIS_QUEUE, processor, {
          prefix: settings.prefix,
          connection: client({ maxRetriesPerRequest: null }),
          concurrency: options.concurrency,
          lockDuration: options.stalledMs,
          stalledInterval: options.stalledMs,
          maxStalledCount: 2,
          autorun: false,
        }),
      close: () => {
        for (const made of clients) made.disconnect();
      },
    };
  }
  const connection = { connectionString: settings.databaseUrl, migrate: true, max: 4 };
  return {
    kind: 'postgres',
    queue: () => new Queue<AnalyzeJobData>(ANALYSIS_QUEUE, { connection } as never, createPostgresBackend as never) as Queue<AnalyzeJobData>,
    worker: (processor, options) =>
      new Worker<AnalyzeJobData>(
        ANALYSIS_QUEUE,
        processor,
        {
          connection,
          concurrency: options.concurrency,
          lockDuration: options.stalledMs,
          stalledInterval: options.stalledMs,
          maxStalledCount: 2,
          autorun: false,
        } as never,
        createPostgresBackend as never,
      ) as Worker<AnalyzeJobData>,
    // The PostgreSQL backend builds (and closes) its own pool from the options.
    close: () => undefined,
  };
}

/** The queue's state for /health/detailed and the depth gauge. */
export interface QueueStatus {
  backend: QueueBackendKind;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** Age in seconds of the oldest waiting job; null when none waits. */
  oldestWaitingSeconds: number | null;
}

export async function readQueueStatus(queue: Queue<AnalyzeJobData>, kind: QueueBackendKind): Promise<QueueStatus> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
  const [oldest] = counts.waiting ? await queue.getJobs(['waiting'], 0, 0, true) : [];
  return {
    backend: kind,
    waiting: counts.waiting ?? 0,
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
    oldestWaitingSeconds: oldest ? Math.max(0, Math.round((Date.now() - oldest.timestamp) / 100) / 10) : null,
  };
}
