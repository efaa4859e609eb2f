import { ConfigError, loadConfig } from './config.js';
import { loadDotEnv } from './env-file.js';
import { createLogger, prettyDestination, wantsPrettyLogs } from './logger.js';
import { startRuntime } from './runtime.js';
import { printDemoBanner, printKeyHint } from './services/demo-seed.js';

/** The server (loaded by server.ts): configuration, start, and graceful shutdown on SIGTERM/SIGINT. */
async function main() {
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL, wantsPrettyLogs(config.NODE_ENV, process.stdout.isTTY === true) ? await prettyDestination() : undefined);
  const runtime = await startRuntime(config, log).catch((error: Error) => {
    log.fatal({ err: { message: error.message } }, 'start-up failed');
    process.exit(1);
  });
  // The banner first: whoever waits for "listening" (a person, a test) then has the key too.
  if (runtime.demo) printDemoBanner(runtime.demo, runtime.url);
  else if (config.NODE_ENV === 'development' && config.DEMO_SEED) printKeyHint();
  log.info({ url: runtime.url, graphql: `${runtime.url}/graphql`, env: config.NODE_ENV }, 'listening');

  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    log.info({ signal }, 'shutting down');
    const hardDeadline = setTimeout(() => {
      log.error('shutdown took longer than 10 s: exiting');
      process.exit(1);
    }, 10_000);
    hardDeadline.unref();
    runtime.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: Error) => {
        log.error({ err: { message: error.message } }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
