/**
 * The cost of metrics for `npm run bench:api`: the same list page on two servers started from
 * the same code and database, one with ENABLE_METRICS=false and one with metrics on (served on
 * METRICS_PORT and scraped every second while it is measured, far more often than a real
 * Prometheus). Runs alternate between the two so that the other load on a shared machine falls
 * on both alike; the figure is the ratio of the median throughputs, with every round shown.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU time (user + system, ms) a process has used so far, from /proc: unlike throughput, the CPU
 * a request costs the server changes little when other work shares the machine.
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After "pid (comm) ", utime and stime are the 12th and 13th fields.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

export interface MetricsCostRun {
  label: 'without' | 'with';
  reqPerSec: number;
  p99: number;
  failures: number;
  /** Server CPU time per answered request, ms. */
  cpuMsPerRequest: number;
  /** 1-minute load average when the run ended (other work on the machine shows here). */
  load: number;
}

export interface MetricsCost {
  runs: MetricsCostRun[];
  without: number;
  with: number;
  /** Throughput lost to metrics, in % of the run without (negative: the run with was faster). */
  lostPercent: number;
  cpuWithout: number;
  cpuWith: number;
  /** Extra server CPU per request with metrics, in % of the CPU per request without. */
  cpuExtraPercent: number;
  scrapes: number;
  scrapeBytes: number;
  rounds: number;
  durationS: number;
}

interface Target {
  /** The server process, for its CPU time. */
  pid: number;
  base: string;
  path: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  expect?: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function measureMetricsCost(options: {
  without: Target;
  with: Target;
  metricsUrl: string;
  rounds: number;
  durationS: number;
  connections: number;
  log: (msg: string) => void;
}): Promise<MetricsCost> {
  const runs: MetricsCostRun[] = [];
  let scrapes = 0;
  let scrapeBytes = 0;
  const run = async (label: 'without' | 'with', target: Target, durationS: number) => {
    let scraper: NodeJS.Timeout | undefined;
    if (label === 'with') {
      scraper = setInterval(() => {
        void fetch(options.metricsUrl)
          .then((r) => r.text())
          .then((text) => {
            scrapes += 1;
            scrapeBytes = text.length;
          });
      }, 1000);
    }
    const cpuBefore = cpuMs(target.pid);
    try {
      const result = await autocannon({
        url: target.base + target.path,
        method: target.method,
        headers: target.headers,
        body: target.body,
        connections: options.connections,
        duration: durationS,
        timeout: 10,
        ...(target.expect !== undefined ? { expectBody: target.expect } : {}),
      });
      return { result, cpuMsPerRequest: (cpuMs(target.pid) - cpuBefore) / Math.max(1, result.requests.total) };
    } finally {
      clearInterval(scraper);
    }
  };
  // Warm both (JIT, pool, caches) before anything is counted.
  await run('without', options.without, 3);
  await run('with', options.with, 3);
  for (let round = 0; round < options.rounds; round++) {
    // Alternate which goes first, so neither always runs right after the other.
    const order: ('without' | 'with')[] = round % 2 === 0 ? ['without', 'with'] : ['with', 'without'];
    for (const label of order) {
      const { result, cpuMsPerRequest } = await run(label, label === 'with' ? options.with : options.without, options.durationS);
      const entry = {
        label,
        cpuMsPerRequest,
        reqPerSec: result.requests.average,
        p99: result.latency.p99,
        failures: result.errors + result.timeouts + result.non2xx + result.mismatches,
        load: os.loadavg()[0]!,
      };
      runs.push(entry);
      options.log(
        `metrics cost, round ${round + 1} ${label}: ${entry.reqPerSec.toFixed(1)} req/s, p99 ${entry.p99} ms, server CPU ${entry.cpuMsPerRequest.toFixed(3)} ms/request, load ${entry.load.toFixed(1)}`,
      );
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const of = (label: 'without' | 'with', value: (r: MetricsCostRun) => number) => median(runs.filter((r) => r.label === label).map(value));
  const without = of('without', (r) => r.reqPerSec);
  const withMetrics = of('with', (r) => r.reqPerSec);
  const cpuWithout = of('without', (r) => r.cpuMsPerRequest);
  const cpuWith = of('with', (r) => r.cpuMsPerRequest);
  return {
    cpuWithout,
    cpuWith,
    cpuExtraPercent: ((cpuWith - cpuWithout) / cpuWithout) * 100,
    runs,
    without,
    with: withMetrics,
    lostPercent: ((without - withMetrics) / without) * 100,
    scrapes,
    scrapeBytes,
    rounds: options.rounds,
    durationS: options.durationS,
  };
}

export function metricsCostSection(cost: MetricsCost, context: { machine: string; date: string }): string {
  const range = (label: 'without' | 'with', value: (r: MetricsCostRun) => number = (r) => r.reqPerSec, digits = 0) => {
    const values = cost.runs.filter((r) => r.label === label).map(value);
    return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
  };
  const cpu = (r: MetricsCostRun) => r.cpuMsPerRequest;
  const loads = cost.runs.map((r) => r.load);
  const failures = cost.runs.reduce((n, r) => n + r.failures, 0);
  return `## API: cost of metrics

\`npm run bench:api\` (or \`-- --metrics-only\`), ${context.date}. Machine: ${context.machine}.

The GraphQL list page (a) at maximum throughput on two servers from the same code and database:
\`ENABLE_METRICS=false\`, and metrics on (\`METRICS_PORT\`, scraped every second during its runs: ${cost.scrapes} scrapes of
${cost.scrapeBytes.toLocaleString('en')} bytes). ${cost.rounds} rounds of ${cost.durationS} s each way, alternating which goes first; the
figure compares the medians. The machine was shared with other work: 1-minute load average
${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the runs (2 cores), so single runs vary widely; read the spread.

Server CPU per request is read from /proc for the server process (user + system time over the
run divided by the requests answered): it depends far less on what else runs than throughput does.

| run | req/s | p99 ms | server CPU ms/request | load |
|---|---|---|---|---|
${cost.runs.map((r, i) => `| ${Math.floor(i / 2) + 1} ${r.label} metrics | ${r.reqPerSec.toFixed(1)} | ${r.p99} | ${r.cpuMsPerRequest.toFixed(3)} | ${r.load.toFixed(1)} |`).join('\n')}

- Server CPU per request, median: ${cost.cpuWithout.toFixed(3)} ms without metrics (range ${range('without', cpu, 3)}), ${cost.cpuWith.toFixed(3)} ms with
  (range ${range('with', cpu, 3)}): **${cost.cpuExtraPercent.toFixed(1)}% more CPU per request**, i.e. ${((1 - cost.cpuWithout / cost.cpuWith) * 100).toFixed(1)}% less throughput where the server's CPU is the limit (target < 5% lost: **${1 - cost.cpuWithout / cost.cpuWith < 0.05 ? 'holds' : 'MISSED'}**).
- Throughput, median: ${cost.without.toFixed(1)} req/s without (range ${range('without')}), ${cost.with.toFixed(1)} req/s with (range ${range('with')}):
  ${cost.lostPercent.toFixed(1)}% lost.
- Failed or mismatched responses: ${failures}.
`;
}
