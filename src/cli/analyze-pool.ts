import path from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analyzeFileJob, type FileJob, type FileJobOptions, type FileOutcome } from './analyze-file.js';

/** Fewer files than this stay on the main thread alone: a worker's start (~0.1 s of CPU) would not pay off. */
export const MIN_FILES_FOR_WORKERS = 64;
/** Jobs per message; each worker has up to two batches queued so it never waits for the next. */
const BATCH = 8;
/** Files the main thread analyses between two looks at the workers' messages. */
const MAIN_SLICE = 4;

export interface PoolCallbacks {
  /** Outcomes in input order, as soon as every earlier file is done: a batch is written at once. */
  ordered(outcomes: FileOutcome[]): void;
  /** Each outcome as it arrives, in any order (progress). */
  each?(outcome: FileOutcome): void;
}

/** Messages from a worker: ready once its modules are loaded, then one outcome per job. */
export type WorkerMessage = { ready: true } | FileOutcome;

/**
 * Analyses every job on `concurrency` threads: the main thread plus `concurrency - 1` workers
 * (each reads, parses, analyses and serializes on its own), all taking files from one queue, and
 * hands outcomes back in input order as they complete, so output streams while later files are
 * still being analysed and is the same whatever the timing. A worker gets files only once it has
 * started, so on a small input the main thread simply does them all.
 */
export async function analyzeAll(jobs: readonly FileJob[], options: FileJobOptions, concurrency: number, callbacks: PoolCallbacks): Promise<void> {
  const workerCount = jobs.length < MIN_FILES_FOR_WORKERS ? 0 : Math.min(concurrency, jobs.length) - 1;
  const done = new Array<FileOutcome | undefined>(jobs.length);
  let nextToPrint = 0;
  let nextToSend = 0;
  let received = 0;
  const workers: Worker[] = [];
  const pending = new Map<Worker, number>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;

  const accept = (outcome: FileOutcome) => {
    received += 1;
    done[outcome.index] = outcome;
    callbacks.each?.(outcome);
    const ready: FileOutcome[] = [];
    while (nextToPrint < jobs.length && done[nextToPrint] !== undefined) {
      ready.push(done[nextToPrint]!);
      done[nextToPrint] = undefined; // printed: let it be collected
      nextToPrint += 1;
    }
    if (ready.length > 0) callbacks.ordered(ready);
  };
  const send = (worker: Worker) => {
    if (nextToSend >= jobs.length) return;
    const batch = jobs.slice(nextToSend, nextToSend + BATCH);
    nextToSend += batch.length;
    pending.set(worker, (pending.get(worker) ?? 0) + batch.length);
    worker.postMessage(batch);
  };
  const fail = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
    wake?.();
  };

  const entry = workerCount > 0 ? workerEntry() : undefined;
  for (let i = 0; i < workerCount; i++) {
    const worker = new Worker(entry!, { workerData: options });
    workers.push(worker);
    worker.on('message', (message: WorkerMessage) => {
      try {
        if ('ready' in message) {
          send(worker);
          send(worker);
          return;
        }
        const left = (pending.get(worker) ?? 1) - 1;
        pending.set(worker, left);
        if (left <= BATCH) send(worker);
        accept(message);
        if (received === jobs.length) wake?.();
      } catch (error) {
        fail(error);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (received < jobs.length) fail(new Error(`an analysis worker stopped (exit code ${code}) before the run was done`));
    });
  }

  try {
    // The main thread takes files from the same queue, a few at a time, letting the workers'
    // messages in between.
    while (nextToSend < jobs.length && failure === undefined) {
      const slice = jobs.slice(nextToSend, nextToSend + MAIN_SLICE);
      nextToSend += slice.length;
      for (const job of slice) accept(analyzeFileJob(job, options));
      if (workerCount > 0) await yieldToEvents();
    }
    while (received < jobs.length && failure === undefined) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    if (failure) throw failure;
  } finally {
    for (const worker of workers) {
      worker.removeAllListeners('exit');
      void worker.terminate();
    }
  }
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
