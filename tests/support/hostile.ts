import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import type { TestApp } from './app.js';

/** What a stack trace or a file path looks like in a response body. */
const LEAKS = [/\n\s+at /, /\bat [\w.<>]+ \(/, /\/(?:work|home|root|usr|tmp|app)\//, /node_modules/, /\.(?:ts|js|mjs):\d+/, /RangeError|TypeError|ReferenceError/];

/** A client error: 4xx, and nothing in the body that reveals the code or the machine. */
export function expectClientError(status: number, body: unknown, expected?: number) {
  if (expected) expect(status).toBe(expected);
  else {
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const leak of LEAKS) expect(text).not.toMatch(leak);
}

/** An app on the test database whose log lines are captured as parsed JSON. */
export function capturingApp(t: TestApp, options: { config?: TestApp['config'] } = {}): { app: App; lines: () => Record<string, any>[] } {
  const raw: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (raw.push(String(chunk)), done()) });
  const app = createApp({ config: options.config ?? t.config, orm: t.orm, log: createLogger('debug', sink) });
  return { app, lines: () => raw.flatMap((l) => l.split('\n')).filter(Boolean).map((l) => JSON.parse(l)) };
}

/** Counts of the rows a hostile request could have changed, to compare before and after. */
export async function storedCounts(t: TestApp): Promise<Record<string, number>> {
  const [row] = await t.orm.em.getConnection().execute<Record<string, number>[]>(
    `select (select count(*)::int from workflows) as workflows, (select count(*)::int from analyses) as analyses,
            (select count(*)::int from findings) as findings, (select count(*)::int from locations) as locations,
            (select count(*)::int from api_keys) as api_keys, (select count(*)::int from api_keys where revoked_at is not null) as revoked_keys,
            (select coalesce(max(version), 0)::int from workflows) as max_version`,
  );
  return row!;
}
