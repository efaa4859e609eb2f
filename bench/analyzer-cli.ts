/**
 * The whole `workflow-health analyze` process over the corpus copied 10 times (2,270 files), as a
 * CI job runs it: start Node, list the files, read, parse, analyse, print, exit. Timed from spawn
 * to exit, output written to a file. The compiled CLI (dist/, built here first) is the one a user
 * installs; the tsx run (`npm run cli`) is shown for comparison.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
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

/** GNU time, when installed, reports the child's CPU time: on a busy machine it says what the wall time would be on idle cores. */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function timeRun(args: readonly string[], outFile: string): Promise<{ ms: number; cpuMs?: number; code: number }> {
  return new Promise((resolve, reject) => {
    const out = openSync(outFile, 'w');
    const [command, commandArgs] = GNU_TIME ? [GNU_TIME, ['-f', 'cpu %U %S', process.execPath, ...args]] : [process.execPath, [...args]];
    let stderr = '';
    const start = performance.now();
    const child = spawn(command, commandArgs, { cwd: repoRoot, stdio: ['ignore', out, 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      closeSync(out);
      const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({ ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined, code: code ?? -1 });
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
    console.log('  run                                  median      min  CPU (median)   output   target');
    for (const { label, args } of cases) {
      const outFile = path.join(work, 'out', 'out.txt');
      await timeRun(args, outFile);
      const runs: { ms: number; cpuMs?: number }[] = [];
      for (let i = 0; i < RUNS; i++) {
        const run = await timeRun(args, outFile);
        if (run.code !== 0) throw new Error(`${label}: exit code ${run.code}`);
        runs.push(run);
      }
      const median = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)]!.ms;
      const fastest = Math.min(...runs.map((r) => r.ms));
      const cpus = runs.map((r) => r.cpuMs).filter((c) => c !== undefined).sort((a, b) => a - b);
      const cpu = cpus.length ? `${Math.round(cpus[Math.floor(cpus.length / 2)]!)} ms` : '-';
      const size = `${(statSync(outFile).size / 1e6).toFixed(1)} MB`;
      const verdict = label.startsWith('table') && !label.includes('tsx') && !label.includes('concurrency 1') ? `< ${TARGET_MS} ms ${median < TARGET_MS ? 'ok' : 'MISSED'}` : '';
      console.log(`  ${label.padEnd(34)} ${`${Math.round(median)} ms`.padStart(8)} ${`${Math.round(fastest)} ms`.padStart(8)} ${cpu.padStart(13)} ${size.padStart(8)}   ${verdict}`);
    }
    console.log(`  load average after (1 / 5 / 15 min): ${loadAverage()}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
