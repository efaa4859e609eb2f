import { afterAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createTestApp, type TestApp } from '../support/app.js';
import { startPrivateRedis } from '../support/private-redis.js';
import { nativeWorkflow } from '../support/fixtures.js';

/**
 * Each instance keeps the hit-path answers it read from Redis in memory, and relies on the
 * broadcast to evict them. Pub/sub loses what is published while a subscriber is disconnected:
 * here every subscription is cut (CLIENT KILL on a PRIVATE redis-server) just before a mutation,
 * and the other instance must still answer fresh data.
 */

let redis: Awaited<ReturnType<typeof startPrivateRedis>> | null = null;
let t: TestApp | null = null;
afterAll(async () => {
  await t?.close();
  await redis?.kill();
});

it('an instance whose subscription dropped does not answer from its memory copies, and drops them', async () => {
  redis = await startPrivateRedis();
  t = await createTestApp({}, { redis: redis.url });
  const b = await t.sibling();
  const org = await t.tenant();
  const created = await t.graphql<{ createWorkflow: { id: string } }>(
    'mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }',
    { input: { locationId: org.location.id, name: 'Kept', definition: nativeWorkflow('Kept') } },
    org.apiKey,
  );
  const id = created.body.data!.createWorkflow.id;
  const url = `${await b.listen()}/v1/workflows/${id}`;
  const get = async () => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${org.apiKey}`, accept: 'application/json' } });
    return { cache: res.headers.get('x-cache'), name: ((await res.json()) as { name: string }).name };
  };
  await get();
  await get();
  expect(await get()).toEqual({ cache: 'HIT', name: 'Kept' });
  expect((await b.cache!.report()).near.entries).toBeGreaterThan(0);

  const admin = new Redis(redis.url);
  try {
    expect(await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')).toBeGreaterThan(0);
  } finally {
    admin.disconnect();
  }
  // Published while b is (probably) not subscribed: b may never hear of it.
  const update = await t.graphql('mutation($input: UpdateWorkflowInput!) { updateWorkflow(input: $input) { id } }', { input: { id, expectedVersion: 1, name: 'Renamed' } }, org.apiKey);
  expect(update.body.errors).toBeUndefined();
  expect((await get()).name).toBe('Renamed');

  // Once subscribed again, it keeps copies again (the ones from before the cut are gone).
  const deadline = Date.now() + 5_000;
  let last = await get();
  while ((last.cache !== 'HIT' || (await b.cache!.report()).near.entries === 0) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    last = await get();
  }
  expect(last).toEqual({ cache: 'HIT', name: 'Renamed' });
  expect((await b.cache!.report()).near.entries).toBeGreaterThan(0);
});
