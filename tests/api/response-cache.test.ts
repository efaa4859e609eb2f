import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/app.js';
import { nativeWorkflow } from '../support/fixtures.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/**
 * The response cache (issue 14) with the real Redis and TWO app instances sharing PostgreSQL and
 * Redis (`a` and its sibling `b`), on both surfaces, in-process and through the hit path.
 */

let a: TestApp;
let b: TestApp;
let org1: CreatedOrganization;
let org2: CreatedOrganization;
let secondLocationId: string;
let limitedKey: string;

const LIST = '{ workflows(first: 20) { totalCount edges { node { id name locationId } } } }';

async function createWorkflow(t: TestApp, key: string, locationId: string, name: string): Promise<string> {
  const res = await t.graphql<{ createWorkflow: { id: string } }>(
    'mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }',
    { input: { locationId, name, definition: nativeWorkflow(name) } },
    key,
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.createWorkflow.id;
}

const names = (res: { body: { data?: any } }) => res.body.data.workflows.edges.map((e: { node: { name: string } }) => e.node.name).sort();

beforeAll(async () => {
  a = await createTestApp({}, { redis: true });
  b = await a.sibling();
  org1 = await a.tenant();
  org2 = await a.tenant();
  const second = await a.graphql<{ createLocation: { id: string } }>('mutation { createLocation(input: { name: "Second site" }) { id } }', {}, org1.apiKey);
  secondLocationId = second.body.data!.createLocation.id;
  await createWorkflow(a, org1.apiKey, org1.location.id, 'First site flow');
  await createWorkflow(a, org1.apiKey, secondLocationId, 'Second site flow');
  await createWorkflow(a, org2.apiKey, org2.location.id, 'Other tenant flow');
  const limited = await a.graphql<{ createApiKey: { key: string } }>(
    'mutation($ids: [ID!]) { createApiKey(input: { name: "first site only", locationIds: $ids }) { key } }',
    { ids: [org1.location.id] },
    org1.apiKey,
  );
  limitedKey = limited.body.data!.createApiKey.key;
});

afterAll(async () => {
  await a?.close();
});

describe('tenant safety', () => {
  it('the same query from two tenants makes two entries, each answering its own data', async () => {
    const before = (await a.cache!.report()).entries;
    const first1 = await a.graphql(LIST, {}, org1.apiKey);
    const first2 = await a.graphql(LIST, {}, org2.apiKey);
    expect(first1.headers.get('x-cache')).toBe('MISS');
    expect(first2.headers.get('x-cache')).toBe('MISS');
    expect((await a.cache!.report()).entries).toBe(before + 2);

    // Read back on the other instance: both hits, each its own tenant's list.
    const again1 = await b.graphql(LIST, {}, org1.apiKey);
    const again2 = await b.graphql(LIST, {}, org2.apiKey);
    expect(again1.headers.get('x-cache')).toBe('HIT');
    expect((again1.body as { extensions?: unknown }).extensions).toEqual({ responseCache: { hit: true } });
    expect(again2.headers.get('x-cache')).toBe('HIT');
    expect(names(again1)).toEqual(['First site flow', 'Second site flow']);
    expect(names(again2)).toEqual(['Other tenant flow']);
  });

  it('a location-limited key never receives the answer cached for a wider key', async () => {
    const wide = await a.graphql(LIST, {}, org1.apiKey);
    expect(names(wide)).toEqual(['First site flow', 'Second site flow']);
    const narrow = await a.graphql(LIST, {}, limitedKey);
    expect(narrow.headers.get('x-cache')).toBe('MISS');
    expect(names(narrow)).toEqual(['First site flow']);
    expect(names(await b.graphql(LIST, {}, limitedKey))).toEqual(['First site flow']);
  });

  it('never caches the viewer, errors, or the platform administrator', async () => {
    for (let i = 0; i < 2; i++) expect((await a.graphql('{ viewer { email } }', {}, org1.apiKey)).headers.get('x-cache')).toBe('MISS');
    const missing = '{ workflow(id: "00000000-0000-4000-8000-000000000000") { id } }';
    for (let i = 0; i < 2; i++) expect((await a.graphql(missing, {}, org1.apiKey)).headers.get('x-cache')).toBe('MISS');
    const admin = (q: string) => a.graphql(q, {}, TEST_ADMIN_TOKEN);
    await admin('{ rules { version } }');
    expect((await admin('{ rules { version } }')).headers.get('x-cache')).toBe('MISS');
  });
});

describe('invalidation', () => {
  it('after a mutation the next read is fresh on the same instance, and on the other within 100 ms', async () => {
    const id = await createWorkflow(a, org2.apiKey, org2.location.id, 'Before rename');
    const read = `{ workflow(id: "${id}") { id name version } }`;
    await a.graphql(read, {}, org2.apiKey);
    await b.graphql(read, {}, org2.apiKey);
    expect((await b.graphql(read, {}, org2.apiKey)).headers.get('x-cache')).toBe('HIT');

    const update = await a.graphql(
      'mutation($input: UpdateWorkflowInput!) { updateWorkflow(input: $input) { id name } }',
      { input: { id, expectedVersion: 1, name: 'After rename' } },
      org2.apiKey,
    );
    expect(update.body.errors).toBeUndefined();
    const renamedAt = performance.now();
    expect((await a.graphql(read, {}, org2.apiKey)).body.data!.workflow.name).toBe('After rename');
    let other = await b.graphql(read, {}, org2.apiKey);
    while (other.body.data!.workflow.name !== 'After rename' && performance.now() - renamedAt < 1000) other = await b.graphql(read, {}, org2.apiKey);
    expect(other.body.data!.workflow.name).toBe('After rename');
    expect(performance.now() - renamedAt).toBeLessThan(100);
  });

  it('a create evicts the lists of its location (GraphQL), on both instances', async () => {
    await a.graphql(LIST, {}, limitedKey);
    expect((await b.graphql(LIST, {}, limitedKey)).headers.get('x-cache')).toBe('HIT');
    await createWorkflow(b, org1.apiKey, org1.location.id, 'Created later');
    const after = await a.graphql(LIST, {}, limitedKey);
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(names(after)).toContain('Created later');
  });

  it('a list first read by several requests at once is still evicted by a create', async () => {
    const fresh = await a.tenant(); // no workflow yet, so no tombstone that would refuse a copy
    const query = '{ workflows(first: 30) { edges { node { name } } } }';
    // Concurrent misses of one key: each may store the answer; every copy must carry the list tags.
    await Promise.all(Array.from({ length: 8 }, () => a.graphql(query, {}, fresh.apiKey)));
    expect((await a.graphql(query, {}, fresh.apiKey)).headers.get('x-cache')).toBe('HIT');
    await createWorkflow(b, fresh.apiKey, fresh.location.id, 'After the herd');
    const after = await a.graphql(query, {}, fresh.apiKey);
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(names(after)).toContain('After the herd');
  });

  it('REST GETs are cached, carry ETag and X-Cache, and a create (POST) evicts the list', async () => {
    const path = `/v1/workflows?locationId=${secondLocationId}`;
    const first = await a.rest('GET', path, undefined, org1.apiKey);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    const second = await b.rest('GET', path, undefined, org1.apiKey);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.body).toEqual(first.body);

    const created = await b.rest('POST', '/v1/workflows', { input: { locationId: secondLocationId, name: 'Posted', definition: nativeWorkflow('Posted') } }, org1.apiKey);
    expect(created.status).toBe(201);
    const after = await a.rest('GET', path, undefined, org1.apiKey);
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(after.body.edges.map((e: { node: { name: string } }) => e.node.name)).toContain('Posted');
  });

  it('a completed analysis evicts the workflow and its location health', async () => {
    const id = await createWorkflow(a, org2.apiKey, org2.location.id, 'To analyse');
    const health = `{ locationHealth(locationId: "${org2.location.id}", days: 30) { daily { analyses } } }`;
    const before = await a.graphql(health, {}, org2.apiKey);
    expect((await b.graphql(health, {}, org2.apiKey)).headers.get('x-cache')).toBe('HIT');
    const analysed = await b.graphql(`mutation { analyzeWorkflow(id: "${id}") { analysis { id } } }`, {}, org2.apiKey);
    expect(analysed.body.errors).toBeUndefined();
    const after = await a.graphql(health, {}, org2.apiKey);
    expect(after.headers.get('x-cache')).toBe('MISS');
    const count = (r: typeof before) => r.body.data!.locationHealth.daily.reduce((n: number, d: { analyses: number }) => n + d.analyses, 0);
    expect(count(after)).toBe(count(before) + 1);
  });
});

describe('the hit path in front of Yoga', () => {
  const get = (url: string, key: string, headers: Record<string, string> = {}) => fetch(url, { headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...headers } });

  it('answers a REST GET from the cache with the headers of the normal path, and 304 to If-None-Match', async () => {
    const url = `${await a.listen()}/v1/workflows?first=5`;
    const miss = await get(url, org2.apiKey, { 'x-request-id': 'cache-test-1' });
    expect(miss.status).toBe(200);
    const missBody = await miss.text();
    const hit = await get(`${await b.listen()}/v1/workflows?first=5`, org2.apiKey, { 'x-request-id': 'cache-test-2' });
    expect(hit.status).toBe(200);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(await hit.text()).toBe(missBody);
    for (const name of ['etag', 'content-type', 'cache-control', 'x-content-type-options']) expect(hit.headers.get(name), name).toBe(miss.headers.get(name));
    expect(hit.headers.get('x-request-id')).toBe('cache-test-2');
    expect((await b.cache!.report()).hitPathHits).toBe(1);
    const notModified = await get(url, org2.apiKey, { 'if-none-match': hit.headers.get('etag')! });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('x-cache')).toBe('HIT');
  });

  it('answers GraphQL POSTs and GETs; a limited key and another tenant never get the entry', async () => {
    const url = `${await a.listen()}/graphql`;
    const post = (key: string) =>
      fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: LIST }) });
    await post(org1.apiKey);
    const hit = await post(org1.apiKey);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    const body = await hit.json();
    expect(body.extensions).toEqual({ responseCache: { hit: true } });
    expect(names({ body })).toContain('Second site flow');
    // Its own entry (it may be a hit of it), never the wider key's.
    const narrow = await (await post(limitedKey)).json();
    expect(names({ body: narrow })).toContain('First site flow');
    expect(names({ body: narrow })).not.toContain('Second site flow');
    const other = await (await post(org2.apiKey)).json();
    expect(names({ body: other })).not.toContain('Second site flow');

    const getUrl = `${url}?query=${encodeURIComponent(LIST)}`;
    await get(getUrl, org1.apiKey);
    expect((await get(getUrl, org1.apiKey)).headers.get('x-cache')).toBe('HIT');
  });

  it('keeps hits in memory (no Redis read), and a mutation on the other instance evicts them there within 100 ms', async () => {
    const id = await createWorkflow(a, org2.apiKey, org2.location.id, 'Near before');
    const url = `${await b.listen()}/v1/workflows/${id}`;
    expect((await get(url, org2.apiKey)).headers.get('x-cache')).toBe('MISS');
    expect((await get(url, org2.apiKey)).headers.get('x-cache')).toBe('HIT'); // read from Redis, kept by b
    // Its Redis copy removed behind the cache's back (no broadcast): b still answers from memory.
    const [, entries] = await b.redis!.scan('0', 'MATCH', `${b.config.cache.keyPrefix}:e:h:*`, 'COUNT', 10_000);
    expect(entries.length).toBeGreaterThan(0);
    await b.redis!.del(...entries);
    const kept = await get(url, org2.apiKey);
    expect(kept.headers.get('x-cache')).toBe('HIT');
    expect((await kept.json()).name).toBe('Near before');
    expect((await b.cache!.report()).near.entries).toBeGreaterThan(0);

    const update = await a.graphql('mutation($input: UpdateWorkflowInput!) { updateWorkflow(input: $input) { id } }', { input: { id, expectedVersion: 1, name: 'Near after' } }, org2.apiKey);
    expect(update.body.errors).toBeUndefined();
    const renamedAt = performance.now();
    let res = await get(url, org2.apiKey);
    let name = (await res.json()).name;
    while (name !== 'Near after' && performance.now() - renamedAt < 1000) name = (await (res = await get(url, org2.apiKey)).json()).name;
    expect(name).toBe('Near after');
    expect(performance.now() - renamedAt).toBeLessThan(100);
  });

  it('a create on one instance evicts the list another instance keeps in memory', async () => {
    const url = `${await b.listen()}/v1/workflows?locationId=${org2.location.id}&first=50`;
    const names = async () => {
      const res = await get(url, org2.apiKey);
      return { cache: res.headers.get('x-cache'), names: ((await res.json()) as { edges: { node: { name: string } }[] }).edges.map((e) => e.node.name) };
    };
    await names();
    await names();
    expect((await names()).cache).toBe('HIT');
    expect((await b.cache!.report()).near.entries).toBeGreaterThan(0);
    await createWorkflow(a, org2.apiKey, org2.location.id, 'Listed later');
    const after = await names();
    expect(after.cache).toBe('MISS');
    expect(after.names).toContain('Listed later');
  });

  it('a revoked key is refused at once, even though its answers are cached', async () => {
    const created = await a.graphql<{ createApiKey: { key: string; apiKey: { id: string } } }>(
      'mutation { createApiKey(input: { name: "soon revoked" }) { key apiKey { id } } }',
      {},
      org2.apiKey,
    );
    const { key, apiKey } = created.body.data!.createApiKey;
    const url = `${await b.listen()}/v1/workflows?first=3`;
    await get(url, key);
    expect((await get(url, key)).headers.get('x-cache')).toBe('HIT');
    await a.graphql(`mutation { revokeApiKey(id: "${apiKey.id}") { id } }`, {}, org2.apiKey);
    // The revocation reaches the other instance through Redis pub/sub.
    const started = Date.now();
    let res = await get(url, key);
    while (res.status !== 401 && Date.now() - started < 2000) res = await get(url, key);
    expect(res.status).toBe(401);
  });
});

describe('hits and rate limits', () => {
  it('a hit before Yoga still counts against the limits and sends their headers', async () => {
    const t = await createTestApp({ RATE_LIMITS: 'on' }, { redis: true });
    try {
      const org = await t.tenant('FREE');
      const url = `${await t.listen()}/v1/workflows`;
      const remaining: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await fetch(url, { headers: { authorization: `Bearer ${org.apiKey}`, accept: 'application/json' } });
        expect(res.status).toBe(200);
        if (i > 0) expect(res.headers.get('x-cache')).toBe('HIT');
        expect(res.headers.get('ratelimit-limit')).toBe('20');
        expect(res.headers.get('x-ratelimit-tier')).toBe('FREE');
        remaining.push(res.headers.get('ratelimit-remaining')!);
      }
      expect(remaining).toEqual(['19', '18', '17', '16']);
      expect((await t.cache!.report()).hitPathHits).toBe(3);
      // The limit binds on hits too: 16 more pass, then 429.
      const statuses: number[] = [];
      for (let i = 0; i < 17; i++) statuses.push((await fetch(url, { headers: { authorization: `Bearer ${org.apiKey}` } })).status);
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});

describe('/internal/cache-stats', () => {
  it('refuses without the ADMIN_TOKEN and reports with it', async () => {
    expect((await a.app.fetch('http://test/internal/cache-stats')).status).toBe(401);
    expect((await a.app.fetch('http://test/internal/cache-stats', { headers: { authorization: `Bearer ${org1.apiKey}` } })).status).toBe(401);
    const res = await a.app.fetch('http://test/internal/cache-stats', { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    const stats = await res.json();
    expect(stats).toMatchObject({ enabled: true, backend: 'redis' });
    for (const field of ['hits', 'misses', 'hitRate', 'entries', 'bytes', 'evictions', 'invalidations', 'byKind']) expect(stats, field).toHaveProperty(field);
    expect(stats.hits).toBeGreaterThan(0);
    expect(stats.byKind['Query.workflows'].hits).toBeGreaterThan(0);
  });
});

describe('analyses finished by background jobs', () => {
  it('evict the cached workflow and lists on every instance when the worker (another instance) stores them', async () => {
    const api = await createTestApp({ JOB_BACKOFF_MS: '50' }, { redis: true, jobs: { worker: false } });
    try {
      const worker = await api.sibling({ jobs: true });
      const org = await api.tenant();
      const id = await createWorkflow(api, org.apiKey, org.location.id, 'Analysed later');
      const read = `{ workflow(id: "${id}") { latestScore } workflows(first: 5) { edges { node { id latestScore } } } }`;
      const queued = await api.graphql(`mutation { analyzeWorkflow(id: "${id}", mode: ASYNC) { analysis { status } } }`, {}, org.apiKey);
      expect(queued.body.data!.analyzeWorkflow.analysis.status).toBe('QUEUED');
      // Cached while the job waits: no score yet.
      expect((await api.graphql(read, {}, org.apiKey)).body.data!.workflow.latestScore).toBeNull();
      expect((await api.graphql(read, {}, org.apiKey)).headers.get('x-cache')).toBe('HIT');
      // The worker's completion evicts it (else the answer would stay for the workflow TTL, 60 s).
      const started = Date.now();
      let answer = await api.graphql(read, {}, org.apiKey);
      while (answer.body.data!.workflow.latestScore === null && Date.now() - started < 20_000) {
        await new Promise((r) => setTimeout(r, 50));
        answer = await api.graphql(read, {}, org.apiKey);
      }
      expect(answer.body.data!.workflow.latestScore).toEqual(expect.any(Number));
      expect(answer.body.data!.workflows.edges[0].node.latestScore).toEqual(expect.any(Number));
      expect(worker.jobs).not.toBeNull();
    } finally {
      await api.close();
    }
  }, 30_000);
});
