import { parentPort, workerData } from 'node:worker_threads';
import { analyzeFileJob, type FileJob, type FileJobOptions } from './analyze-file.js';
import type { WorkerMessage } from './analyze-pool.js';

/** A worker thread of `analyze`: says when it is ready, then answers each file job with its outcome (see analyze-pool.ts). */
const options = workerData as FileJobOptions;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
parentPort!.on('message', (jobs: FileJob[]) => {
  for (const job of jobs) post(analyzeFileJob(job, options));
});
post({ ready: true });
