import { existsSync } from 'node:fs';

/**
 * Reads `.env` from the current folder when there is one, with Node's own parser
 * (`process.loadEnvFile`, Node ≥ 20.12; no dotenv needed). A variable already set in the
 * environment wins over the file. Called by the entry points (server, CLI) before the
 * configuration is read — never by tests, whose configuration is explicit.
 */
export function loadDotEnv(file = '.env'): boolean {
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}
