/**
 * The cost of metrics for `npm run bench:api`: the same list page on two servers started from
 * the same code and database, one with ENABLE_METRICS=false and one with metrics on (served on
 * METRICS_PORT and scraped every second while it is measured, far more often than a real
 * Prometheus). Runs alternate between the two so that the other load on a shared machine falls
 * on both alike; the figure is the ratio of the median throughputs, with every round shown.
 */
import os from 'node:os';
import autocannon from 'autocannon';

export interface MetricsCostRun {
  label: 'without' | 'with';
  reqPerSec: number;
  p99: number;
  failures: number;
  /** 1-minute load average when the run ended (other work on the machine shows here). */
  load: number;
}

export interface MetricsCost {
  runs: MetricsCostRun[];
  without: number;
  with: number;
  /** Throughput lost to metrics, in % of the run without (negative: the run with was faster). */
  lostPercent: number;
  scrapes: number;
  scrapeBytes: number;
  rounds: number;
  durationS: number;
}

interface Target {
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
    try {
      return await autocannon({
        url: target.base + target.path,
        method: target.method,
        headers: target.headers,
        body: target.body,
        connections: options.connections,
        duration: durationS,
        timeout: 10,
        ...(target.expect !== undefined ? { expectBody: target.expect } : {}),
      });
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
      const result = await run(label, label === 'with' ? options.with : options.without, options.durationS);
      const entry = {
        label,
        reqPerSec: result.requests.average,
        p99: result.latency.p99,
        failures: result.errors + result.timeouts + result.non2xx + result.mismatches,
        load: os.loadavg()[0]!,
      };
      runs.push(entry);
      options.log(`metrics cost, round ${round + 1} ${label}: ${entry.reqPerSec.toFixed(1)} req/s, p99 ${entry.p99} ms, load ${entry.load.toFixed(1)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const without = median(runs.filter((r) => r.label === 'without').map((r) => r.reqPerSec));
  const withMetrics = median(runs.filter((r) => r.label === 'with').map((r) => r.reqPerSec));
  return {
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
  const range = (label: 'without' | 'with') => {
    const values = cost.runs.filter((r) => r.label === label).map((r) => r.reqPerSec);
    return `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
  };
  const loads = cost.runs.map((r) => r.load);
  const failures = cost.runs.reduce((n, r) => n + r.failures, 0);
  return `## API: cost of metrics

\`npm run bench:api\` (or \`-- --metrics-only\`), ${context.date}. Machine: ${context.machine}.

The GraphQL list page (a) at maximum throughput on two servers from the same code and database:
\`ENABLE_METRICS=false\`, and metrics on (\`METRICS_PORT\`, scraped every second during its runs: ${cost.scrapes} scrapes of
${cost.scrapeBytes.toLocaleString('en')} bytes). ${cost.rounds} rounds of ${cost.durationS} s each way, alternating which goes first; the
figure compares the medians. The machine was shared with other work: 1-minute load average
${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the runs (2 cores), so single runs vary widely; read the spread.

| run | req/s | p99 ms | load |
|---|---|---|---|
${cost.runs.map((r, i) => `| ${Math.floor(i / 2) + 1} ${r.label} metrics | ${r.reqPerSec.toFixed(1)} | ${r.p99} | ${r.load.toFixed(1)} |`).join('\n')}

Median without metrics ${cost.without.toFixed(1)} req/s (range ${range('without')}), with metrics ${cost.with.toFixed(1)} req/s
(range ${range('with')}): **${cost.lostPercent.toFixed(1)}% of throughput lost** (target < 5%: **${cost.lostPercent < 5 ? 'holds' : 'MISSED'}**).
Failed or mismatched responses: ${failures}.
`;
}
