/**
 * The whole `workflow-health analyze` process over the corpus copied 10 times (2,270 files), as a
 * CI job runs it: start Node, list the files, read, parse, analyse, print, exit. Timed from spawn
 * to exit, output written to a file. The compiled CLI (dist/, built here first) is the one a user
 * installs; the tsx run (`npm run cli`) is shown for comparison.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const repoRoot = path.resolve(import.meta.dirname, '..');
const corpusDir = path.join(repoRoot, 'tests/fixtures/corpus/n8n/workflows');
const COPIES = 10;
const RUNS = 5;
const TARGET_MS = 2000;

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' / ');
}

function timeRun(args: readonly string[], outFile: string): Promise<{ ms: number; code: number }> {
  return new Promise((resolve, reject) => {
    const out = openSync(outFile, 'w');
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', out, 'ignore'], env: { ...process.env, NO_COLOR: '1' } });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - start;
      closeSync(out);
      resolve({ ms, code: code ?? -1 });
    });
  });
}

export async function benchCliProcess(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'wh-bench-cli-'));
  try {
    const input = path.join(work, 'corpus');
    for (let i = 0; i < COPIES; i++) cpSync(corpusDir, path.join(input, `copy-${i}`), { recursive: true });
    const files = COPIES * readdirSync(corpusDir).filter((f) => f.endsWith('.json')).length;
    const bytes = COPIES * readdirSync(corpusDir).reduce((sum, f) => sum + statSync(path.join(corpusDir, f)).size, 0);

    console.log(`\nWhole CLI process: ${files} files (${(bytes / 1e6).toFixed(1)} MB, the corpus ×${COPIES}), median of ${RUNS} runs after one warm-up`);
    console.log('  building dist/ (tsc -p tsconfig.build.json)…');
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: repoRoot });
    const compiled = path.join(repoRoot, 'dist/src/cli/index.js');
    const tsx = pathToFileURL(createRequire(path.join(repoRoot, 'package.json')).resolve('tsx')).href;
    const cores = os.availableParallelism();

    const cases: { label: string; args: string[] }[] = [
      { label: `table, ${cores} threads`, args: [compiled, 'analyze', input, '--allow-invalid'] },
      { label: `--json, ${cores} threads`, args: [compiled, 'analyze', input, '--allow-invalid', '--json'] },
      { label: `--jsonl, ${cores} threads`, args: [compiled, 'analyze', input, '--allow-invalid', '--jsonl'] },
      { label: `--sarif, ${cores} threads`, args: [compiled, 'analyze', input, '--allow-invalid', '--sarif'] },
      { label: 'table, --concurrency 1', args: [compiled, 'analyze', input, '--allow-invalid', '--concurrency', '1'] },
      { label: '--json, --concurrency 1', args: [compiled, 'analyze', input, '--allow-invalid', '--json', '--concurrency', '1'] },
      { label: `table, ${cores} threads, through tsx`, args: ['--import', tsx, path.join(repoRoot, 'src/cli/index.ts'), 'analyze', input, '--allow-invalid'] },
    ];
    mkdirSync(path.join(work, 'out'));
    console.log(`  load average before (1 / 5 / 15 min): ${loadAverage()}`);
    console.log('  run                                  median      min   output   target');
    for (const { label, args } of cases) {
      const outFile = path.join(work, 'out', 'out.txt');
      await timeRun(args, outFile);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const { ms, code } = await timeRun(args, outFile);
        if (code !== 0) throw new Error(`${label}: exit code ${code}`);
        times.push(ms);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(RUNS / 2)]!;
      const size = `${(statSync(outFile).size / 1e6).toFixed(1)} MB`;
      const verdict = label.startsWith('table') && !label.includes('tsx') && !label.includes('concurrency 1') ? `< ${TARGET_MS} ms ${median < TARGET_MS ? 'ok' : 'MISSED'}` : '';
      console.log(`  ${label.padEnd(34)} ${`${Math.round(median)} ms`.padStart(8)} ${`${Math.round(times[0]!)} ms`.padStart(8)} ${size.padStart(8)}   ${verdict}`);
    }
    console.log(`  load average after (1 / 5 / 15 min): ${loadAverage()}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
