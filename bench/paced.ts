/**
 * An open-loop load generator at a truly fixed rate: request i is due at start + i / rate and its
 * latency is counted from that moment (waiting for a free connection included), so a slow server
 * cannot hide its queue (no coordinated omission). autocannon's `overallRate` is not that: each
 * connection sends its per-second quota back to back at the start of every second, then idles.
 */
import http from 'node:http';

export interface PacedOptions {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  rate: number;
  durationS: number;
  connections: number;
  /** True when the response is right (the status is checked separately). */
  verify: (body: string) => boolean;
}

export interface PacedResult {
  sent: number;
  /** Not sent because more than a second of requests was already waiting: the server cannot keep up. */
  shed: number;
  failures: number;
  /** Responses per second over the run, queue drained. */
  achieved: number;
  p50: number;
  p99: number;
  max: number;
}

export async function paced(o: PacedOptions): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const total = Math.round(o.rate * o.durationS);
  const interval = 1000 / o.rate;
  const latencies: number[] = [];
  let failures = 0;
  let pending = 0;
  let shed = 0;
  const backlog = o.connections + o.rate; // one second of queue
  const inFlight: Promise<void>[] = [];
  const fire = (due: number) =>
    new Promise<void>((done) => {
      pending += 1;
      const resolve = () => ((pending -= 1), done());
      const req = http.request(o.url, { method: o.method, headers: o.headers, agent, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300 && o.verify(Buffer.concat(chunks).toString('utf8'));
          if (ok) latencies.push(performance.now() - due);
          else failures += 1;
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => ((failures += 1), resolve()));
      req.end(o.body);
    });

  const start = performance.now();
  let i = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && start + i * interval <= now) {
      if (pending >= backlog) (shed += 1), i++;
      else inFlight.push(fire(start + i++ * interval));
    }
    if (i < total) await new Promise((r) => setTimeout(r, Math.max(0, start + i * interval - performance.now())));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { sent: total - shed, shed, failures, achieved: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? NaN };
}
