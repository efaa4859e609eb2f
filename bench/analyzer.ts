/**
 * `npm run bench:analyzer`: analysis speed on the corpus of real n8n workflows (the copy in
 * tests/fixtures) and on synthetic workflows of 10 to 10,000 nodes, plus a per-rule profile to spot
 * a super-linear rule. Single-threaded, like one API worker. Reading and JSON.parse are outside
 * those timings: they are the caller's cost, not the analyzer's. Then the whole CLI process over
 * the corpus ×10 (bench/analyzer-cli.ts), which counts everything.
 * `npm run bench:analyzer -- --cli` runs only the CLI part; `-- --realtime` also times it under SCHED_RR.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext } from '../src/analyzer/context.js';
import { importWorkflow } from '../src/analyzer/importers/index.js';
import { analyze, ALL_RULES } from '../src/analyzer/index.js';
import { benchCliProcess } from './analyzer-cli.js';
import { syntheticWorkflow } from './synthetic-workflow.js';

const corpusDir = path.resolve(import.meta.dirname, '../tests/fixtures/corpus/n8n/workflows');

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const ms = (x: number) => `${x.toFixed(x < 1 ? 3 : 2)} ms`;

function benchCorpus() {
  const workflows = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(corpusDir, f), 'utf8')) as unknown);
  const rounds = 10;
  for (let r = 0; r < 3; r++) for (const wf of workflows) analyze(wf); // warm-up: JIT, memo shapes
  const perWorkflow: number[] = [];
  const perRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const roundStart = performance.now();
    for (const wf of workflows) {
      const start = performance.now();
      analyze(wf);
      perWorkflow.push(performance.now() - start);
    }
    perRound.push(performance.now() - roundStart);
  }
  perWorkflow.sort((a, b) => a - b);
  perRound.sort((a, b) => a - b);
  const round = percentile(perRound, 0.5);
  console.log(`Corpus: ${workflows.length} real workflows, ${rounds} rounds after 3 warm-up rounds`);
  console.log(`  whole corpus: ${ms(round)} (median round; target < 1 s)`);
  console.log(`  ${Math.round((workflows.length / round) * 1000)} workflows/s; per workflow p50 ${ms(percentile(perWorkflow, 0.5))}, p99 ${ms(percentile(perWorkflow, 0.99))}, max ${ms(perWorkflow.at(-1)!)}`);
}

const SIZES: { nodes: number; iterations: number; target?: number }[] = [
  { nodes: 10, iterations: 2000 },
  { nodes: 100, iterations: 500 },
  { nodes: 1_000, iterations: 60, target: 20 },
  { nodes: 10_000, iterations: 12, target: 250 },
];

function benchSynthetic() {
  console.log('\nSynthetic workflows (HTTP, IF + Merge, Code, SplitInBatches loop, Wait, sticky notes)');
  console.log('  nodes   edges  workflows/s        p50        p99   µs/node  target');
  for (const { nodes, iterations, target } of SIZES) {
    // Through JSON text, as the API and the CLI receive workflows (JSON.parse gives objects of
    // consistent shapes; the generator's object literals would not be representative).
    const wf = JSON.parse(JSON.stringify(syntheticWorkflow(nodes))) as unknown;
    for (let i = 0; i < Math.max(3, iterations / 10); i++) analyze(wf);
    const times: number[] = [];
    let edges = 0;
    for (let i = 0; i < iterations; i++) {
      const start = performance.now();
      edges = analyze(wf).edgeCount;
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 0.5);
    const verdict = target === undefined ? '' : `< ${target} ms ${p50 < target ? 'ok' : 'MISSED'}`;
    console.log(
      `  ${String(nodes).padStart(5)}  ${String(edges).padStart(6)}  ${String(Math.round(1000 / p50)).padStart(11)}  ${ms(p50).padStart(9)}  ${ms(percentile(times, 0.99)).padStart(9)}  ${((p50 * 1000) / nodes).toFixed(2).padStart(8)}  ${verdict}`,
    );
  }
}

/**
 * Each rule's own time at 5,000 and 20,000 nodes: a linear rule takes about 4x longer on the
 * larger graph. Graph facts the rules share (reachability, components…) are memoized in the
 * context, so the context is warmed by one full pass first and the rules are then timed on it;
 * the cost of those shared facts shows in the "all rules, cold context" line.
 */
function profileRules() {
  const sizes = [5_000, 20_000];
  const graphs = sizes.map((n) => importWorkflow(JSON.stringify(syntheticWorkflow(n))).graph);
  const median = (f: () => void) => {
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      f();
      samples.push(performance.now() - start);
    }
    return samples.sort((a, b) => a - b)[3]!;
  };
  const runAll = (ctx: ReturnType<typeof createContext>) => {
    for (const rule of ALL_RULES) for (const _finding of rule.check(ctx));
  };
  const cold = graphs.map((graph) => median(() => runAll(createContext(graph))));
  const warm = graphs.map((graph) => {
    const ctx = createContext(graph);
    runAll(ctx);
    return ctx;
  });
  const rows = ALL_RULES.map((rule) => {
    const [small, large] = warm.map((ctx) => median(() => {
      for (const _finding of rule.check(ctx));
    }));
    return { id: rule.id, small: small!, large: large! };
  });
  rows.sort((a, b) => b.large - a.large);
  console.log(`\nRules: 5,000 -> 20,000 nodes (x4 is linear)`);
  console.log(`  ${'all rules, cold context'.padEnd(40)} ${ms(cold[0]!).padStart(9)} -> ${ms(cold[1]!).padStart(9)}  x${(cold[1]! / cold[0]!).toFixed(1)}`);
  for (const row of rows.slice(0, 8)) {
    const ratio = row.large / Math.max(row.small, 1e-3);
    console.log(`  ${row.id.padEnd(40)} ${ms(row.small).padStart(9)} -> ${ms(row.large).padStart(9)}  x${ratio.toFixed(1)}${ratio > 8 ? '  SUPER-LINEAR?' : ''}`);
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`Analyzer benchmark — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpu}, ${os.availableParallelism()} cores (one used)\n`);
if (!process.argv.includes('--cli')) {
  benchCorpus();
  benchSynthetic();
  profileRules();
}
await benchCliProcess();
