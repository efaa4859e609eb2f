import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` on the embedded database, then the admin CLI beside it on the same DATA_DIR: the
 * CLI uses the PostgreSQL the server started (it used to refuse with "already running") and
 * leaves it running.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wh-embedded-cli-'));
// No DATABASE_URL nor REDIS_URL: the zero-configuration start (empty counts as unset).
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', NODE_ENV: 'development', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0' };
const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
server.stdout.on('data', (d) => (output += d));
server.stderr.on('data', (d) => (output += d));
const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
const listening = new Promise<string>((resolve, reject) => {
  server.stdout.on('data', () => {
    const url = /"msg":"listening"/.test(output) && /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
    if (url) resolve(url);
  });
  void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
});

afterAll(async () => {
  if (server.exitCode === null) server.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the admin CLI beside a server on the embedded database', () => {
  it('creates a key through the running server’s PostgreSQL and leaves it running', async () => {
    const url = await listening;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'admin', 'create-key', '--email', 'owner@demo.invalid', '--json'], {
      env: { ...env, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const { apiKey } = JSON.parse(run.stdout);

    // The server still has its database, and the new key works on it.
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: '{ viewer { organization { name } } }' }),
    });
    expect((await res.json()).data.viewer.organization.name).toBe('Demo Agency');
    expect(output).not.toMatch(/FATAL|already running/);

    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
