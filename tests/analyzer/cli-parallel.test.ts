import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileOutcome } from '../../src/cli/analyze-file.js';
import { analyzeAll } from '../../src/cli/analyze-pool.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

/**
 * Issue 11 "Also": `analyze` spreads files over worker threads and still prints them in input
 * order, streamed as they complete — from TypeScript (tsx, `npm run cli`) and compiled (dist).
 */
const corpusDir = path.join(REPO_ROOT, 'tests/fixtures/corpus/n8n/workflows');
const corpusFiles = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort();
/** A private build, so the test neither needs nor disturbs `npm run build`'s dist/ (node_modules above it resolves packages). */
const compiledDir = path.join(REPO_ROOT, 'node_modules/.cache', `wh-cli-dist-${process.pid}`);
const compiledCli = path.join(compiledDir, 'src/cli/index.js');

let oneThread: string;

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', compiledDir], {
    cwd: REPO_ROOT,
  });
  const run = await runCli(['analyze', corpusDir, '--jsonl', '--concurrency', '1']);
  expect(run.code).toBe(1); // the corpus's broken export
  oneThread = run.stdout;
}, 180_000);

afterAll(() => rmSync(compiledDir, { recursive: true, force: true }));

describe('analyze across worker threads', () => {
  it('prints the same lines in the same (input) order on 2 threads as on 1, from tsx', async () => {
    const run = await runCli(['analyze', corpusDir, '--jsonl', '--concurrency', '2']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(oneThread);
    const files = run.stdout.trimEnd().split('\n').map((line) => path.basename(JSON.parse(line).file as string));
    expect(files).toEqual(corpusFiles);
  });

  it('prints the same from the compiled CLI, for --jsonl, --json and the table', async () => {
    const jsonl = await runCli(['analyze', corpusDir, '--jsonl', '--concurrency', '2'], { entry: compiledCli });
    expect(jsonl.stderr).toBe('');
    expect(jsonl.stdout).toBe(oneThread);
    const json = await runCli(['analyze', corpusDir, '--json', '--concurrency', '2'], { entry: compiledCli });
    expect(JSON.parse(json.stdout)).toEqual(oneThread.trimEnd().split('\n').map((line) => JSON.parse(line)));
    const table = await runCli(['analyze', corpusDir, '--concurrency', '2'], { entry: compiledCli });
    const tableOneThread = await runCli(['analyze', corpusDir, '--concurrency', '1']);
    expect(table.stdout).toBe(tableOneThread.stdout);
  });

  it('hands results over in input order while later files are still being analysed', async () => {
    // The corpus four times over: enough work that the worker starts long before the main thread is done.
    const jobs = [0, 1, 2, 3].flatMap(() => corpusFiles).map((file, index) => ({ index, path: path.join(corpusDir, file), file }));
    const batches: number[][] = [];
    const arrivals: number[] = [];
    await analyzeAll(jobs, { mode: 'table', maxBytes: 2 * 1024 * 1024 }, 2, {
      ordered: (outcomes: FileOutcome[]) => batches.push(outcomes.map((o) => o.index)),
      each: (outcome) => arrivals.push(outcome.index),
    });
    expect(batches.flat()).toEqual(jobs.map((j) => j.index));
    // Streamed: many hand-overs, the first long before the last file arrived.
    expect(batches.length).toBeGreaterThan(10);
    expect(arrivals.indexOf(batches[0]!.at(-1)!)).toBeLessThan(jobs.length / 2);
    // Two threads at work: results arrived out of input order.
    expect(arrivals).not.toEqual([...arrivals].sort((a, b) => a - b));
  });
});
