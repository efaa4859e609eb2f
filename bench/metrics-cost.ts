/**
 * The cost of metrics for `npm run bench:api`: the same list page on two servers started from
 * the same code and database, one with ENABLE_METRICS=false and one with metrics on (served on
 * METRICS_PORT and scraped every 5 s, three times as often as a common 15 s scrape interval). Both are
 * driven AT THE SAME TIME, each over its own connections, so that whatever else runs on a
 * shared machine falls on both at once: they compete for the same cores, and the one that needs
 * more CPU per request answers fewer. The figures are the median over rounds of the throughput
 * ratio and of the server CPU per request, with every round shown.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';

const SCRAPE_INTERVAL_MS = 5_000;
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
  /** Throughput lost to metrics: 1 - the median over rounds of with/without, in % (negative: faster with). */
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

/** The middle value (the mean of the two middle ones for an even count). */
export const median = (values: number[]) => {
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
      }, SCRAPE_INTERVAL_MS);
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
  await Promise.all([run('without', options.without, 5), run('with', options.with, 5)]);
  for (let round = 0; round < options.rounds; round++) {
    const measured = await Promise.all(
      (['without', 'with'] as const).map(async (label) => {
        const { result, cpuMsPerRequest } = await run(label, label === 'with' ? options.with : options.without, options.durationS);
        return {
          label,
          cpuMsPerRequest,
          reqPerSec: result.requests.average,
          p99: result.latency.p99,
          failures: result.errors + result.timeouts + result.non2xx + result.mismatches,
          load: os.loadavg()[0]!,
        } satisfies MetricsCostRun;
      }),
    );
    runs.push(...measured);
    const [without, withMetrics] = measured as [MetricsCostRun, MetricsCostRun];
    options.log(
      `metrics cost, round ${round + 1}: without ${without.reqPerSec.toFixed(1)} req/s, ${without.cpuMsPerRequest.toFixed(3)} ms CPU/request; ` +
        `with ${withMetrics.reqPerSec.toFixed(1)} req/s, ${withMetrics.cpuMsPerRequest.toFixed(3)} ms CPU/request; load ${without.load.toFixed(1)}`,
    );
    await new Promise((r) => setTimeout(r, 1000));
  }
  const of = (label: 'without' | 'with', value: (r: MetricsCostRun) => number) => median(runs.filter((r) => r.label === label).map(value));
  const without = of('without', (r) => r.reqPerSec);
  const withMetrics = of('with', (r) => r.reqPerSec);
  // Rounds are pairs measured together: the ratio within a round is what the machine's other
  // load disturbs least.
  const ratios = [];
  for (let i = 0; i < runs.length; i += 2) ratios.push(runs[i + 1]!.reqPerSec / runs[i]!.reqPerSec);
  const cpuWithout = of('without', (r) => r.cpuMsPerRequest);
  const cpuWith = of('with', (r) => r.cpuMsPerRequest);
  return {
    cpuWithout,
    cpuWith,
    cpuExtraPercent: ((cpuWith - cpuWithout) / cpuWithout) * 100,
    runs,
    without,
    with: withMetrics,
    lostPercent: (1 - median(ratios)) * 100,
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
  const ratio = (i: number) => cost.runs[2 * i + 1]!.reqPerSec / cost.runs[2 * i]!.reqPerSec;
  const rounds = Array.from({ length: cost.rounds }, (_, i) => i);
  return `## API: cost of metrics

\`npm run bench:api\` (or \`-- --metrics-only\`), ${context.date}. Machine: ${context.machine}.

The GraphQL list page (a) at maximum throughput on two servers from the same code and database,
\`ENABLE_METRICS=false\` and metrics on (\`METRICS_PORT\`, scraped every ${SCRAPE_INTERVAL_MS / 1000} s: ${cost.scrapes} scrapes of
${cost.scrapeBytes.toLocaleString('en')} bytes), both driven at the same time over ${cost.rounds} rounds of ${cost.durationS} s, each over its own
connections. Other work on the machine then falls on both at once, and the server that needs more
CPU per request answers fewer: the ratio within a round is the figure. Server CPU per request is
read from /proc (user + system time of the server process over the round, divided by the requests
it answered). The machine was shared with other work: 1-minute load average
${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on 2 cores, so absolute figures are far below a quiet run (section API).

| round | without: req/s | CPU ms/request | with metrics: req/s | CPU ms/request | with / without | load |
|---|---|---|---|---|---|---|
${rounds
  .map((i) => {
    const [a, b] = [cost.runs[2 * i]!, cost.runs[2 * i + 1]!];
    return `| ${i + 1} | ${a.reqPerSec.toFixed(1)} | ${a.cpuMsPerRequest.toFixed(3)} | ${b.reqPerSec.toFixed(1)} | ${b.cpuMsPerRequest.toFixed(3)} | ${ratio(i).toFixed(3)} | ${a.load.toFixed(1)} |`;
  })
  .join('\n')}

- Throughput with metrics / without, median of the rounds: ${(1 - cost.lostPercent / 100).toFixed(3)} (rounds ${Math.min(...rounds.map(ratio)).toFixed(3)}–${Math.max(...rounds.map(ratio)).toFixed(3)}):
  **${cost.lostPercent.toFixed(1)}% lost** (target < 5%: **${cost.lostPercent < 5 ? 'holds' : 'MISSED'}**).
- Server CPU per request, median: ${cost.cpuWithout.toFixed(3)} ms without (range ${range('without', cpu, 3)}), ${cost.cpuWith.toFixed(3)} ms with
  (range ${range('with', cpu, 3)}): ${cost.cpuExtraPercent >= 0 ? '+' : ''}${cost.cpuExtraPercent.toFixed(1)}%.
- Failed or mismatched responses: ${failures}.
`;
}
