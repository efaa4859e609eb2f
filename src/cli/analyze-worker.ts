import { parentPort, workerData } from 'node:worker_threads';
import { analyzeFileJob, type FileJob, type FileJobOptions } from './analyze-file.js';

/** A worker thread of `analyze`: takes file jobs, answers each with its outcome (see analyze-pool.ts). */
const options = workerData as FileJobOptions;
parentPort!.on('message', (jobs: FileJob[]) => {
  for (const job of jobs) parentPort!.postMessage(analyzeFileJob(job, options));
});
