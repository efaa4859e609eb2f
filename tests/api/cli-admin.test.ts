import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { createEmptyDatabase } from '../support/database.js';

/** tsx's loader by path: `--import tsx` resolves from the working folder, which some tests change. */
const TSX = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href;

/** The CLI as an operator runs it: `npm run cli -- …` (= node --import tsx src/cli/index.ts …). */
function cli(args: string[], env: Record<string, string>, cwd?: string) {
  const result = spawnSync(process.execPath, ['--import', TSX, path.resolve('src/cli/index.ts'), ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
    cwd,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let db: { url: string; drop(): Promise<void> };
let orm: Orm | null = null;
beforeAll(async () => {
  db = await createEmptyDatabase();
});
afterAll(async () => {
  await orm?.close(true);
  await db.drop();
});

describe('npm run migrate', () => {
  it('applies the migrations once and is idempotent', () => {
    const first = cli(['migrate'], { DATABASE_URL: db.url });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Applied Migration20261128000000_initial');
    const second = cli(['migrate'], { DATABASE_URL: db.url });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('up to date');
    expect(cli(['migrate', 'pending'], { DATABASE_URL: db.url }).stdout).toContain('No pending migrations');
  });
});

describe('admin create-org', () => {
  it('prints { organization, location, user, apiKey } as JSON, and the key works', async () => {
    const run = cli(
      ['admin', 'create-org', '--name', 'Acme Agency', '--tier', 'ENTERPRISE', '--location', 'Main St', '--owner-email', 'Ops@Acme.test', '--json'],
      { DATABASE_URL: db.url },
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out).sort()).toEqual(['apiKey', 'location', 'organization', 'user']);
    expect(out.organization).toMatchObject({ name: 'Acme Agency', tier: 'ENTERPRISE' });
    expect(out.user).toMatchObject({ email: 'Ops@Acme.test', role: 'OWNER' });

    orm = await openOrm({ url: db.url, poolMax: 2 });
    const app = createApp({ config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }), orm, log: createLogger('silent') });
    const res = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${out.apiKey}` },
      body: JSON.stringify({ query: '{ viewer { tier organization { name } locations { name } } }' }),
    });
    expect((await res.json()).data.viewer).toEqual({ tier: 'ENTERPRISE', organization: { name: 'Acme Agency' }, locations: [{ name: 'Main St' }] });
  });

  it('refuses a second owner with the same e-mail (any case) with exit 1', () => {
    const run = cli(['admin', 'create-org', '--name', 'Other', '--tier', 'FREE', '--location', 'X', '--owner-email', 'ops@acme.test'], { DATABASE_URL: db.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('CONFLICT');
  });

  it('exits 2 on usage errors, naming what is wrong', () => {
    const missing = cli(['admin', 'create-org', '--name', 'X'], { DATABASE_URL: db.url });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--tier');
    const tier = cli(['admin', 'create-org', '--name', 'X', '--tier', 'GOLD', '--location', 'L', '--owner-email', 'a@b.test'], { DATABASE_URL: db.url });
    expect(tier.code).toBe(2);
    expect(tier.stderr).toContain('FREE, PRO, ENTERPRISE');
  });
});

describe('admin create-key', () => {
  it('gives an existing user (found by e-mail, any case) a new key that works', async () => {
    const run = cli(['admin', 'create-key', '--email', 'OPS@acme.test', '--json'], { DATABASE_URL: db.url });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.user).toMatchObject({ email: 'Ops@Acme.test', role: 'OWNER' });
    orm ??= await openOrm({ url: db.url, poolMax: 2 });
    const app = createApp({ config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }), orm, log: createLogger('silent') });
    const res = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${out.apiKey}` },
      body: JSON.stringify({ query: '{ viewer { apiKeyId organization { name } } }' }),
    });
    expect((await res.json()).data.viewer).toEqual({ apiKeyId: out.apiKeyId, organization: { name: 'Acme Agency' } });
  });

  it('exits 1 naming an unknown e-mail', () => {
    const run = cli(['admin', 'create-key', '--email', 'nobody@acme.test'], { DATABASE_URL: db.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('NOT_FOUND');
  });
});

describe('.env', () => {
  it('is read from the working folder; a variable set in the environment wins over it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wh-dotenv-'));
    try {
      writeFileSync(path.join(dir, '.env'), `# from .env\nDATABASE_URL=${db.url}\n`);
      const { DATABASE_URL: _unset, ...env } = process.env;
      const fromFile = spawnSync(process.execPath, ['--import', TSX, path.resolve('src/cli/index.ts'), 'migrate', 'pending'], {
        env: { ...env, LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv,
        encoding: 'utf8',
        cwd: dir,
        timeout: 60_000,
      });
      expect(fromFile.status, fromFile.stderr).toBe(0);
      expect(fromFile.stdout).toContain('No pending migrations');
      // The environment's value wins: an unreachable server fails, whatever .env says.
      const overridden = cli(['migrate', 'pending'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' }, dir);
      expect(overridden.code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
