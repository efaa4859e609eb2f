import { afterAll, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/app.js';
import { startPrivateRedis } from '../support/private-redis.js';
import { nativeWorkflow } from '../support/fixtures.js';

/**
 * Redis dies under the response cache (a PRIVATE redis-server, killed with SIGKILL): no request
 * fails; each instance caches in its own memory, and its own writes still evict there.
 */

let redis: Awaited<ReturnType<typeof startPrivateRedis>> | null = null;
let t: TestApp | null = null;
afterAll(async () => {
  await t?.close();
  await redis?.kill();
});

const LIST = '{ workflows(first: 20) { totalCount edges { node { id name } } } }';

it('Redis killed mid-flight: no 5xx on either surface or instance, through Yoga and the hit path', async () => {
  redis = await startPrivateRedis();
  t = await createTestApp({}, { redis: redis.url });
  const b = await t.sibling();
  const org = await t.tenant();
  const create = (app: TestApp, name: string) =>
    app.graphql('mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }', { input: { locationId: org.location.id, name, definition: nativeWorkflow(name) } }, org.apiKey);
  await create(t, 'Before the outage');
  const urls = [`${await t.listen()}/v1/workflows`, `${await b.listen()}/v1/workflows`];
  const restGet = (url: string) => fetch(url, { headers: { authorization: `Bearer ${org.apiKey}`, accept: 'application/json' } });
  await t.graphql(LIST, {}, org.apiKey);
  expect((await b.graphql(LIST, {}, org.apiKey)).headers.get('x-cache')).toBe('HIT');
  await restGet(urls[0]!);
  expect((await restGet(urls[1]!)).headers.get('x-cache')).toBe('HIT');

  await redis.kill();

  const statuses: number[] = [];
  for (const [i, app] of [t, b].entries()) {
    for (let round = 0; round < 3; round++) {
      statuses.push((await app.graphql(LIST, {}, org.apiKey)).status);
      statuses.push((await restGet(urls[i]!)).status);
    }
    const stats = await app.app.fetch('http://test/internal/cache-stats', { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(stats.status).toBe(200);
    expect((await stats.json()).backend).toBe('memory');
  }
  expect(statuses).toEqual(Array(statuses.length).fill(200));
  // Cached in memory now…
  expect((await t.graphql(LIST, {}, org.apiKey)).headers.get('x-cache')).toBe('HIT');
  // …and a write on this instance still evicts its memory entries.
  expect((await create(t, 'During the outage')).status).toBe(200);
  const after = await t.graphql(LIST, {}, org.apiKey);
  expect(after.status).toBe(200);
  expect(after.body.data!.workflows.totalCount).toBe(2);
});
