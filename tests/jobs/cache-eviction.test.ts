import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startRuntime, type Runtime } from '../../src/runtime.js';
import type { AnalysisCompleted } from '../../src/jobs/index.js';
import { createOrganization, type CreatedOrganization } from '../../src/services/organizations.js';
import { createTestDatabase } from '../support/database.js';
import { BACKENDS, spawnWorker, storeCorpusWorkflows, waitFor } from './support.js';

describe.each(BACKENDS)('an analysis stored by a worker in another process evicts cached answers, on $name', ({ redis }) => {
  const redisUrl = redis ? inject('redisUrl') : null;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let runtime: Runtime;
  let tenant: CreatedOrganization;
  const completed: AnalysisCompleted[] = [];
  const prefix = `wh:test:${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl ?? '',
      PORT: '0',
      LOG_LEVEL: 'silent',
      RUN_WORKER: 'false',
      RATE_LIMITS: 'off',
      QUEUE_PREFIX: `${prefix}:bull`,
      CACHE_KEY_PREFIX: `${prefix}:rc`,
    });
    runtime = await startRuntime(config, createLogger('silent'), { onAnalysisCompleted: (event) => completed.push(event) });
    tenant = await createOrganization(runtime.orm.em.fork(), { name: 'Cache org', tier: 'PRO', locationName: 'Here', ownerEmail: `c-${prefix.slice(-6)}@example.test` });
  });
  afterAll(async () => {
    await runtime?.stop();
    await db?.drop();
  });

  it('the workflow read before the analysis shows its new score right after, and the hook names it', async () => {
    const [workflowId] = await storeCorpusWorkflows(runtime.orm, tenant, 1);
    const read = () => fetch(`${runtime.url}/v1/workflows/${workflowId}`, { headers: { authorization: `Bearer ${tenant.apiKey}` } });
    const before = await read();
    expect((await before.json()).latestScore).toBeNull();
    // The second read is a cache hit: the answer would stay stale for its TTL without eviction.
    const cached = await read();
    expect(cached.headers.get('x-cache') ?? '').toMatch(/hit/i);
    const queued = await fetch(`${runtime.url}/v1/workflows/${workflowId}/analyses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'ASYNC' }),
    });
    const analysisId = (await queued.json()).analysis.id as string;
    const worker = await spawnWorker({ databaseUrl: db.url, config: { QUEUE_PREFIX: `${prefix}:bull` } }, redisUrl);
    try {
      await waitFor(async () => completed.length, (n) => n >= 1, 30_000, 'the hook');
      expect(completed[0]).toEqual({ analysisId, workflowId, locationId: tenant.location.id, organizationId: tenant.organization.id });
      const after = await waitFor(async () => (await read()).json(), (w) => w.latestScore !== null, 5_000, 'the fresh workflow');
      expect(after.latestAnalysisId).toBe(analysisId);
    } finally {
      await worker.kill('SIGTERM');
    }
  });
});
