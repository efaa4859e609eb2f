import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { loadDotEnv } from './env-file.js';
import { openDatabase } from './db/database.js';
import { startJobs } from './jobs/index.js';
import { connectRedis } from './runtime.js';
import { createResponseCache } from './cache/response-cache.js';

/**
 * `npm run worker`: a process that only runs analysis jobs (and the sweeper), so workers scale
 * apart from API instances. It needs DATABASE_URL: the embedded database serves one process, and
 * there the API's own worker (RUN_WORKER) does the work. On SIGTERM it takes no new jobs,
 * finishes the running ones, and exits.
 */
async function main() {
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
    if (!config.DATABASE_URL) throw new ConfigError(['DATABASE_URL: is required by `npm run worker` (with the embedded database, the API process runs the worker itself)']);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  const database = await openDatabase(config, log, { migrate: false, serving: true });
  // The API instances' response cache lives in Redis: a finished analysis evicts its answers
  // there (a worker without Redis has no shared cache to evict; API memory caches expire).
  const redis = config.cache.enabled && config.REDIS_URL ? connectRedis(config.REDIS_URL, log) : null;
  const cache = redis ? createResponseCache({ settings: config.cache, redis, log }) : null;
  const jobs = await startJobs({
    config,
    orm: database.orm,
    log,
    databaseUrl: database.url,
    runWorker: true,
    onAnalysisCompleted: (event) => void cache?.invalidateAnalysis(event),
  });
  log.info({ backend: jobs.backend, concurrency: config.WORKER_CONCURRENCY }, 'worker running');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'worker stopping: finishing running jobs');
    const deadline = setTimeout(() => {
      log.error('worker took longer than SHUTDOWN_TIMEOUT_MS to stop: exiting (its jobs are recovered as stalled)');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 2000);
    deadline.unref();
    jobs
      .close()
      .then(() => cache?.close())
      .then(() => redis?.quit().catch(() => redis.disconnect()))
      .then(() => database.close())
      .then(
        () => {
          log.info('worker stopped');
          process.exit(0);
        },
        (error: Error) => {
          log.error({ err: { message: error.message } }, 'error while stopping the worker');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
