import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The committed openapi.json passes Redocly's `recommended` rules with no warning, and the client
 * types generated from it (tests/client/v1.ts, used by tests/api/rest-client.test.ts) are current.
 * Both tools run offline: telemetry and update checks are off.
 */

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
const offline = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };

describe('openapi.json', () => {
  it('passes Redocly lint with the recommended rules: 0 errors, 0 warnings', async () => {
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    // The exit code is 1 on errors; the JSON report counts warnings too.
    const { stdout } = await run(process.execPath, [cli, 'lint', 'openapi.json', '--config', 'redocly.yaml', '--format=json'], { cwd: root, env: offline }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('tests/client/v1.ts is what openapi-typescript generates from it (run `npm run openapi:client` after a change)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wh-openapi-ts-'));
    try {
      // Its exports map hides bin/: the file is reached by path.
      const cli = path.join(root, 'node_modules/openapi-typescript/bin/cli.js');
      const out = path.join(dir, 'v1.ts');
      await run(process.execPath, [cli, 'openapi.json', '-o', out], { cwd: root, env: offline });
      expect(readFileSync(path.join(root, 'tests/client/v1.ts'), 'utf8')).toBe(readFileSync(out, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
