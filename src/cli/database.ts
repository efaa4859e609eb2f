import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openDatabase, type Database } from '../db/database.js';
import type { CliIO } from './io.js';

/**
 * Opens the database for a CLI command (DATABASE_URL, or the embedded one in DATA_DIR), logging
 * to stderr so stdout stays parseable. Returns null after printing the reason when the
 * configuration is invalid (the command then exits 2).
 */
export async function openCliDatabase(io: CliIO, options: { migrate: boolean }): Promise<Database | null> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return null;
    }
    throw error;
  }
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr as never);
  // Attach: the admin CLI works while `npm start` runs on the same embedded database.
  return openDatabase(config, log, { ...options, attach: true });
}
