import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analyzeFileJob, type FileJob, type FileJobOptions, type FileOutcome } from './analyze-file.js';

/** Fewer files than this are analysed in this thread: starting a worker (~50–100 ms) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 16;
/** Jobs per message; each worker has up to two batches queued so it never waits for the next. */
const BATCH = 8;

export interface PoolCallbacks {
  /** Outcomes in input order, as soon as every earlier file is done: a batch is written at once. */
  ordered(outcomes: FileOutcome[]): void;
  /** Each outcome as it arrives, in any order (progress). */
  each?(outcome: FileOutcome): void;
}

/**
 * Analyses every job on up to `concurrency` worker threads (reading, parsing, analysing and
 * serializing all happen there), handing outcomes back in input order as they complete, so output
 * streams while later files are still being analysed and is the same whatever the timing.
 */
export async function analyzeAll(jobs: readonly FileJob[], options: FileJobOptions, concurrency: number, callbacks: PoolCallbacks): Promise<void> {
  const workerCount = Math.min(concurrency, jobs.length);
  if (workerCount <= 1 || jobs.length < MIN_FILES_FOR_WORKERS) {
    for (const job of jobs) {
      const outcome = analyzeFileJob(job, options);
      callbacks.each?.(outcome);
      callbacks.ordered([outcome]);
    }
    return;
  }

  const done = new Array<FileOutcome | undefined>(jobs.length);
  let nextToPrint = 0;
  let nextToSend = 0;
  let received = 0;
  const workers: Worker[] = [];
  const pending = new Map<Worker, number>();

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      for (const worker of workers) void worker.terminate();
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const send = (worker: Worker) => {
      if (nextToSend >= jobs.length) return;
      const batch = jobs.slice(nextToSend, nextToSend + BATCH);
      nextToSend += batch.length;
      pending.set(worker, (pending.get(worker) ?? 0) + batch.length);
      worker.postMessage(batch);
    };
    const onOutcome = (worker: Worker, outcome: FileOutcome) => {
      received += 1;
      const left = (pending.get(worker) ?? 1) - 1;
      pending.set(worker, left);
      if (left <= BATCH) send(worker);
      done[outcome.index] = outcome;
      callbacks.each?.(outcome);
      const ready: FileOutcome[] = [];
      while (nextToPrint < jobs.length && done[nextToPrint] !== undefined) {
        ready.push(done[nextToPrint]!);
        done[nextToPrint] = undefined; // printed: let it be collected
        nextToPrint += 1;
      }
      if (ready.length > 0) callbacks.ordered(ready);
      if (received === jobs.length) finish();
    };

    const entry = workerEntry();
    for (let i = 0; i < workerCount; i++) {
      const worker = new Worker(entry, { workerData: options });
      workers.push(worker);
      worker.on('message', (outcome: FileOutcome) => {
        try {
          onOutcome(worker, outcome);
        } catch (error) {
          finish(error);
        }
      });
      worker.on('error', finish);
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`an analysis worker stopped (exit code ${code}) before the run was done`));
      });
      send(worker);
      send(worker);
    }
  });
}

/**
 * The worker's file beside this one: `.js` once compiled. Under tsx (`npm run cli`, tests) it is
 * `.ts`, and Node 20 does not carry tsx's loader hooks into a worker even with `--import tsx`
 * inherited, so the worker starts from a small module (a data: URL) that registers tsx, then imports it.
 */
function workerEntry(): URL {
  const extension = path.extname(fileURLToPath(import.meta.url));
  const url = new URL(`./analyze-worker${extension}`, import.meta.url);
  if (extension !== '.ts') return url;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const script = `import { register } from ${JSON.stringify(tsxApi)};\nregister();\nawait import(${JSON.stringify(url.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(script)}`);
}
