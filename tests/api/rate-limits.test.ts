import { afterEach, describe, expect, inject, it } from 'vitest';
import { createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/app.js';
import { nativeWorkflow } from '../support/fixtures.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/**
 * Tiered rate limits and analysis quotas (DESIGN §6) on both surfaces, counted in the real Redis
 * with a key prefix of each test app's own.
 */

const opened: TestApp[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

async function limitedApp(env: Record<string, string> = {}, redis: boolean | string = true): Promise<TestApp> {
  const t = await createTestApp({ RATE_LIMITS: 'on', ...env }, { redis });
  opened.push(t);
  return t;
}

const ANALYZE_DEFINITION = 'mutation($input: AnalyzeDefinitionInput!) { analyzeDefinition(input: $input) { healthScore } }';

async function createWorkflow(t: TestApp, org: CreatedOrganization): Promise<string> {
  const res = await t.graphql(
    'mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }',
    { input: { locationId: org.location.id, name: 'Flow', definition: nativeWorkflow() } },
    org.apiKey,
  );
  return res.body.data!.createWorkflow.id;
}

/** A call alternating REST and GraphQL reads, returning status and headers. */
async function read(t: TestApp, key: string, i: number) {
  return i % 2 === 0 ? t.rest('GET', '/v1/me', undefined, key) : t.graphql('{ viewer { tier } }', {}, key);
}

describe('requests per minute', () => {
  it('FREE: 20 requests mixing REST and GraphQL pass with the headers; the 21st is 429 with Retry-After, the code and the upgrade hint', async () => {
    const t = await limitedApp({ UPGRADE_URL: 'https://billing.example.test/upgrade' });
    const org = await t.tenant('FREE');
    for (let i = 0; i < 20; i++) {
      const res = await read(t, org.apiKey, i);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('20');
      expect(res.headers.get('ratelimit-remaining')).toBe(String(19 - i));
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      expect(res.headers.get('x-ratelimit-tier')).toBe('FREE');
      expect(res.headers.get('x-ratelimit-analyses-limit')).toBe('10');
    }

    const rest = await t.rest('GET', '/v1/me', undefined, org.apiKey);
    expect(rest.status).toBe(429);
    const retryAfter = Number(rest.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(rest.headers.get('ratelimit-remaining')).toBe('0');
    expect(rest.body.error.code).toBe('RATE_LIMITED');
    expect(rest.body.error.message).toContain('20 requests per minute for the organization');
    const upgrade = rest.body.error.details.find((d: { field: string }) => d.field === 'upgrade');
    expect(upgrade).toMatchObject({ tier: 'PRO', requestsPerMinute: 100, analysesPerHour: 100, url: 'https://billing.example.test/upgrade' });
    expect(upgrade.message).toMatch(/upgrade/);
    expect(upgrade.message).toContain('PRO');

    const graphql = await t.graphql('{ viewer { tier } }', {}, org.apiKey);
    expect(graphql.status).toBe(429);
    expect(graphql.headers.get('retry-after')).toBeTruthy();
    const error = graphql.body.errors![0]!;
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'requests', upgrade: { tier: 'PRO', url: 'https://billing.example.test/upgrade' } });
    expect(error.extensions!.upgrade.message).toMatch(/upgrade to PRO/);
    expect(t.limits.rejections()).toEqual({ 'FREE:requests': 2 });
  });

  it('PRO: no upgrade hint in a refusal; a per-key limit below the organization one refuses that key only', async () => {
    const t = await limitedApp({ RATE_LIMIT_PRO_REQUESTS_PER_MINUTE: '5', RATE_LIMIT_PRO_REQUESTS_PER_MINUTE_PER_KEY: '3' });
    const org = await t.tenant('PRO');
    const second = await t.graphql('mutation { createApiKey(input: { name: "ci" }) { key } }', {}, org.apiKey);
    const otherKey = second.body.data!.createApiKey.key as string;
    // The key creation was request 1 of the organization and of the owner key.
    for (let i = 0; i < 2; i++) expect((await read(t, org.apiKey, i)).status).toBe(200);
    const refused = await t.rest('GET', '/v1/me', undefined, org.apiKey);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain('3 requests per minute for this API key');
    expect(refused.body.error.details.some((d: { field: string }) => d.field === 'upgrade')).toBe(false);
    // The other key still has its own budget; the organization's (5) is now used up by it.
    expect((await t.rest('GET', '/v1/me', undefined, otherKey)).status).toBe(200);
    const orgRefusal = await t.graphql('{ viewer { tier } }', {}, otherKey);
    expect(orgRefusal.status).toBe(429);
    expect(orgRefusal.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'requests' });
    expect(orgRefusal.body.errors![0]!.extensions!.upgrade).toBeUndefined();
  });

  it('an unlimited tier sends its tier but no limit headers, and viewer.usage shows null limits', async () => {
    const t = await limitedApp({ RATE_LIMIT_ENTERPRISE_REQUESTS_PER_MINUTE: 'unlimited', RATE_LIMIT_ENTERPRISE_ANALYSES_PER_HOUR: 'unlimited' });
    const org = await t.tenant('ENTERPRISE');
    const res = await t.graphql('{ viewer { usage { tier requests { limit remaining resetAt } analyses { limit remaining } } } }', {}, org.apiKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-tier')).toBe('ENTERPRISE');
    expect(res.headers.get('ratelimit-limit')).toBeNull();
    expect(res.body.data!.viewer.usage).toEqual({
      tier: 'ENTERPRISE',
      requests: { limit: null, remaining: null, resetAt: null },
      analyses: { limit: null, remaining: null },
    });
  });

  it('viewer.usage and GET /v1/me show the same budget as the headers, this request counted', async () => {
    const t = await limitedApp();
    const org = await t.tenant('FREE');
    const res = await t.graphql('{ viewer { usage { tier requests { limit remaining resetAt } analyses { limit remaining resetAt } } } }', {}, org.apiKey);
    const usage = res.body.data!.viewer.usage;
    expect(usage).toMatchObject({ tier: 'FREE', requests: { limit: 20, remaining: 19 }, analyses: { limit: 10, remaining: 10 } });
    const resetIn = new Date(usage.requests.resetAt).getTime() - Date.now();
    expect(resetIn).toBeGreaterThan(0);
    expect(resetIn).toBeLessThanOrEqual(60_000);
    const me = await t.rest('GET', '/v1/me', undefined, org.apiKey);
    expect(me.body.usage).toMatchObject({ requests: { limit: 20, remaining: 18 }, analyses: { limit: 10, remaining: 10 } });
    expect(me.headers.get('ratelimit-remaining')).toBe('18');
  });
});

describe('analyses per hour', () => {
  it('FREE: the 11th analysis in an hour is 429 (REST and GraphQL) while reads still pass', async () => {
    const t = await limitedApp({ RATE_LIMIT_FREE_REQUESTS_PER_MINUTE: '100' });
    const org = await t.tenant('FREE');
    const workflowId = await createWorkflow(t, org);
    for (let i = 0; i < 10; i++) {
      const res =
        i % 2 === 0
          ? await t.rest('POST', `/v1/workflows/${workflowId}/analyses`, undefined, org.apiKey)
          : await t.graphql(ANALYZE_DEFINITION, { input: { definition: nativeWorkflow() } }, org.apiKey);
      expect(res.status, `analysis ${i + 1}`).toBeLessThan(300);
      expect(res.headers.get('x-ratelimit-analyses-remaining')).toBe(String(9 - i));
    }
    const rest = await t.rest('POST', '/v1/analyze', { input: { definition: nativeWorkflow() } }, org.apiKey);
    expect(rest.status).toBe(429);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(60); // the hour's window, not the minute's
    expect(rest.body.error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(rest.body.error.message).toContain('10 analyses per hour');
    expect(rest.body.error.details.find((d: { field: string }) => d.field === 'upgrade')).toMatchObject({ tier: 'PRO', analysesPerHour: 100 });

    const graphql = await t.graphql('mutation($id: ID!) { analyzeWorkflow(id: $id) { reused } }', { id: workflowId }, org.apiKey);
    expect(graphql.status).toBe(429);
    expect(graphql.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'analyses', upgrade: { tier: 'PRO' } });

    const reads = await Promise.all([t.rest('GET', `/v1/workflows/${workflowId}/analyses`, undefined, org.apiKey), t.graphql('{ viewer { tier } }', {}, org.apiKey)]);
    expect(reads.map((r) => r.status)).toEqual([200, 200]);
    expect(reads[0]!.body.edges).toHaveLength(5);
    expect(reads[1]!.headers.get('x-ratelimit-analyses-remaining')).toBe('0');
  });

  it('15 aliased analyzeWorkflow calls cost 15; a reused result counts; failed calls are given back', async () => {
    const t = await limitedApp();
    const org = await t.tenant('PRO');
    const workflowId = await createWorkflow(t, org);
    const aliases = Array.from({ length: 15 }, (_, i) => `a${i}: analyzeWorkflow(id: $id) { reused }`).join('\n');
    const res = await t.graphql(`mutation($id: ID!) { ${aliases} }`, { id: workflowId }, org.apiKey);
    expect(res.status).toBe(200);
    expect(Object.values(res.body.data!).filter((r: any) => r.reused)).toHaveLength(14);
    expect(res.headers.get('x-ratelimit-analyses-remaining')).toBe('85');

    const unknown = await t.rest('POST', '/v1/workflows/00000000-0000-4000-8000-000000000000/analyses', undefined, org.apiKey);
    expect(unknown.status).toBe(404);
    const invalid = await t.graphql(ANALYZE_DEFINITION, { input: { definition: { nodes: 'x' } } }, org.apiKey);
    expect(invalid.status).toBe(400);
    const usage = await t.graphql('{ viewer { usage { analyses { limit remaining } } } }', {}, org.apiKey);
    expect(usage.body.data!.viewer.usage.analyses).toEqual({ limit: 100, remaining: 85 });
  });

  it('FREE: of 15 aliased calls 10 run and the 11th is refused; the service API charges batches and refuses what the quota cannot cover', async () => {
    // The payload is non-null: the refused 11th nulls `data` and ends the serial mutation (GraphQL's rule).
    const t = await limitedApp();
    const org = await t.tenant('FREE');
    const workflowId = await createWorkflow(t, org);
    const aliases = Array.from({ length: 15 }, (_, i) => `a${i}: analyzeWorkflow(id: $id) { reused }`).join('\n');
    const res = await t.graphql(`mutation($id: ID!) { ${aliases} }`, { id: workflowId }, org.apiKey);
    expect(res.status).toBe(429);
    expect(res.body.data).toBeNull();
    expect(res.body.errors!.map((e) => e.extensions!.code)).toEqual(['RATE_LIMITED']);
    const history = await t.rest('GET', `/v1/workflows/${workflowId}/analyses?first=50`, undefined, org.apiKey);
    expect(history.body.edges).toHaveLength(10);

    const other = await t.tenant('FREE');
    const viewer = { organizationId: other.organization.id, tier: 'FREE' as const, apiKeyId: other.apiKeyId } as never;
    await expect(t.limits.consumeAnalyses(viewer, 7)).resolves.toMatchObject({ limit: 10, remaining: 3 });
    await expect(t.limits.consumeAnalyses(viewer, 4)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    // The refused batch took nothing: three single analyses still fit.
    await expect(t.limits.consumeAnalyses(viewer, 3)).resolves.toMatchObject({ remaining: 0 });
  });
});

describe('shared budget and tier changes', () => {
  it('two app instances on one Redis share one budget, and a tier change (GraphQL admin, then CLI) applies to the next request on both', async () => {
    const a = await limitedApp();
    const b = await a.sibling();
    const org = await a.tenant('FREE');
    for (let i = 0; i < 20; i++) expect((await read(i % 2 ? a : b, org.apiKey, i)).status).toBe(200);
    expect((await a.graphql('{ viewer { tier } }', {}, org.apiKey)).status).toBe(429);
    expect((await b.rest('GET', '/v1/me', undefined, org.apiKey)).status).toBe(429);

    const setTier = await a.graphql(
      'mutation($id: ID!) { adminSetOrganizationTier(organizationId: $id, tier: PRO) { tier } }',
      { id: org.organization.id },
      TEST_ADMIN_TOKEN,
    );
    expect(setTier.body.data).toEqual({ adminSetOrganizationTier: { tier: 'PRO' } });
    // The count carries over (22 of PRO's 100): the next request passes on both instances.
    const onA = await a.rest('GET', '/v1/me', undefined, org.apiKey);
    expect(onA.status).toBe(200);
    expect(onA.headers.get('x-ratelimit-tier')).toBe('PRO');
    expect(onA.headers.get('ratelimit-remaining')).toBe('77');
    expect((await b.graphql('{ viewer { tier } }', {}, org.apiKey)).body.data).toEqual({ viewer: { tier: 'PRO' } });
  });

  it('admin set-tier from the CLI applies to the next request on both instances', async () => {
    const { spawnSync } = await import('node:child_process');
    const a = await limitedApp();
    const b = await a.sibling();
    const org = await a.tenant('FREE');
    for (let i = 0; i < 20; i++) await read(i % 2 ? a : b, org.apiKey, i);
    expect((await b.rest('GET', '/v1/me', undefined, org.apiKey)).status).toBe(429);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'admin', 'set-tier', '--org', org.organization.id, '--tier', 'PRO'], {
      // The servers' Redis and key prefix: set-tier tells them there.
      env: { ...process.env, DATABASE_URL: a.config.DATABASE_URL!, REDIS_URL: inject('redisUrl'), CACHE_KEY_PREFIX: a.config.cache.keyPrefix, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect((await a.rest('GET', '/v1/me', undefined, org.apiKey)).status).toBe(200);
    expect((await b.rest('GET', '/v1/me', undefined, org.apiKey)).headers.get('x-ratelimit-tier')).toBe('PRO');
  });
});

describe('anonymous traffic and failed authentications', () => {
  /** A request from `ip` as the socket address (what node:http hands Yoga). */
  const from = (t: TestApp, ip: string, path: string, headers: Record<string, string> = {}) =>
    t.app.fetch(`http://test${path}`, { headers: { accept: 'application/json', ...headers } }, { req: { socket: { remoteAddress: ip } } } as never);

  it('requests without a key are limited per client IP; X-Forwarded-For is ignored unless TRUST_PROXY', async () => {
    const t = await limitedApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) {
      const res = await from(t, '192.0.2.1', '/v1/rules', { 'x-forwarded-for': `198.51.100.${i}` });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-remaining')).toBe(String(2 - i));
    }
    const refused = await from(t, '192.0.2.1', '/v1/rules');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect((await from(t, '192.0.2.2', '/v1/rules')).status).toBe(200);
    // Probes and docs are not limited.
    expect((await from(t, '192.0.2.1', '/live')).status).toBe(200);

    const proxied = await limitedApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1', TRUST_PROXY: '1' });
    const viaProxy = (client: string) => from(proxied, '10.0.0.1', '/v1/rules', { 'x-forwarded-for': `203.0.113.9, ${client}` });
    expect((await viaProxy('192.0.2.10')).status).toBe(200);
    expect((await viaProxy('192.0.2.10')).status).toBe(429);
    expect((await viaProxy('192.0.2.11')).status).toBe(200);
  });

  it('after N failed authentications an IP gets 429, even with a valid key; other addresses are not affected', async () => {
    const t = await limitedApp({ RATE_LIMIT_FAILED_AUTH_PER_MINUTE: '3' });
    const org = await t.tenant('PRO');
    const bad = { authorization: 'Bearer whk_AAAAAAAAAAAA_' + 'x'.repeat(43) };
    for (let i = 0; i < 3; i++) expect((await from(t, '192.0.2.7', '/v1/me', bad)).status).toBe(401);
    const blocked = await from(t, '192.0.2.7', '/graphql?query=%7Bviewer%7Btier%7D%7D', { authorization: `Bearer ${org.apiKey}` });
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'failed_auth' });
    expect((await from(t, '192.0.2.8', '/v1/me', { authorization: `Bearer ${org.apiKey}` })).status).toBe(200);
    expect(t.limits.rejections()).toEqual({ 'ANONYMOUS:failed_auth': 1 });
  });
});

describe('RATE_LIMITS=off', () => {
  it('counts nothing and sends no limit headers', async () => {
    const t = await limitedApp({ RATE_LIMITS: 'off', RATE_LIMIT_FREE_REQUESTS_PER_MINUTE: '1', RATE_LIMIT_FREE_ANALYSES_PER_HOUR: '1' });
    const org = await t.tenant('FREE');
    for (let i = 0; i < 3; i++) {
      const res = await t.graphql(ANALYZE_DEFINITION, { input: { definition: nativeWorkflow() } }, org.apiKey);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
      expect(res.headers.get('x-ratelimit-tier')).toBeNull();
    }
  });
});
