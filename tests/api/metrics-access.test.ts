import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startRuntime } from '../../src/runtime.js';
import { createAppMetrics } from '../../src/metrics/app-metrics.js';
import { startBusinessRefresh } from '../../src/metrics/business.js';
import { createOrganization } from '../../src/services/organizations.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { parseMetrics, total } from '../support/prometheus.js';

/** Who may read /metrics, where it is served, and what stays per app instance. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const TOKEN = 'metrics-token-' + 'm'.repeat(24);
const silent = createLogger('silent');
const get = (app: App, headers: Record<string, string> = {}) => Promise.resolve(app.fetch('http://test/metrics', { headers }));

describe('access to /metrics', () => {
  it('is open in development and test', async () => {
    expect((await get(t.app)).status).toBe(200);
  });

  it('requires the bearer token when METRICS_TOKEN is set', async () => {
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: t.config.DATABASE_URL!, METRICS_TOKEN: TOKEN });
    const app = createApp({ config, orm: t.orm, log: silent });
    const anonymous = await get(app);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(JSON.stringify(await anonymous.json())).not.toContain(TOKEN);
    expect((await get(app, { authorization: 'Bearer wrong-token-' + 'w'.repeat(24) })).status).toBe(401);
    const allowed = await get(app, { authorization: `Bearer ${TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('# TYPE http_requests_total counter');
    await app.dispose();
  });

  it('is off in production with neither token nor port, and the start-up log says how to turn it on', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: t.config.DATABASE_URL!, PORT: '0', LOG_LEVEL: 'warn' });
    const runtime = await startRuntime(config, createLogger('warn', sink));
    try {
      expect((await fetch(`${runtime.url}/metrics`)).status).toBe(404);
      expect(runtime.metricsUrl).toBeNull();
      expect(lines.join('')).toMatch(/METRICS_TOKEN.*METRICS_PORT/);
    } finally {
      await runtime.stop();
    }
  });

  it('is served on METRICS_PORT only when that is set, and both servers stop with the runtime', async () => {
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: t.config.DATABASE_URL!, PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'silent' });
    const runtime = await startRuntime(config, silent);
    const metricsUrl = runtime.metricsUrl!;
    try {
      expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(new URL(metricsUrl).port).not.toBe(new URL(runtime.url).port);
      expect((await fetch(`${runtime.url}/live`)).status).toBe(200);
      expect((await fetch(`${runtime.url}/metrics`)).status).toBe(404);
      const scrape = await fetch(metricsUrl);
      expect(scrape.status).toBe(200);
      // The API's traffic shows on the metrics port.
      expect(total(parseMetrics(await scrape.text()), 'http_requests_total', { route: '/live' })).toBe(1);
      expect((await fetch(metricsUrl.replace('/metrics', '/graphql'))).status).toBe(404);
    } finally {
      await runtime.stop();
    }
    await expect(fetch(metricsUrl)).rejects.toThrow();
  });

  it('does not exist when ENABLE_METRICS=false', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.config.DATABASE_URL!, ENABLE_METRICS: 'false' });
    const app = createApp({ config, orm: t.orm, log: silent });
    expect((await get(app)).status).toBe(404);
    const res = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ rules { id } }' }),
    });
    expect(res.status).toBe(200);
  });
});

describe('per app instance', () => {
  it('keeps a registry of its own: one instance\'s traffic never shows in another\'s scrape', async () => {
    const a = createApp({ config: t.config, orm: t.orm, log: silent, metrics: createAppMetrics() });
    const b = createApp({ config: t.config, orm: t.orm, log: silent, metrics: createAppMetrics() });
    for (let i = 0; i < 3; i++) await a.fetch('http://test/live');
    const scrapeOf = async (app: typeof a) => parseMetrics(await (await app.fetch('http://test/metrics')).text());
    expect(total(await scrapeOf(a), 'http_requests_total', { route: '/live' })).toBe(3);
    expect(total(await scrapeOf(b), 'http_requests_total', { route: '/live' })).toBe(0);
    await a.dispose();
    await b.dispose();
  });
});

describe('business gauges', () => {
  const organizations = async (metrics: ReturnType<typeof createAppMetrics>) =>
    total(parseMetrics(await metrics.registry.metrics()), 'wh_organizations');
  const newOrganization = () => {
    const suffix = randomBytes(4).toString('hex');
    return createOrganization(t.orm.em.fork(), { name: `Org ${suffix}`, tier: 'FREE', locationName: 'Main', ownerEmail: `o-${suffix}@example.test` });
  };

  it('are recounted by the timer, not by a scrape, and no more once stopped', async () => {
    const metrics = createAppMetrics();
    const refresh = startBusinessRefresh({ metrics: metrics.business, orm: t.orm, intervalMs: 25, log: silent });
    await refresh.ready;
    const start = await organizations(metrics);
    await newOrganization();
    await expect.poll(() => organizations(metrics), { timeout: 5_000, interval: 10 }).toBe(start + 1);
    await refresh.stop();

    await newOrganization();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await organizations(metrics)).toBe(start + 1);
  });
});
