import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { createTestApp, type TestApp } from '../support/app.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';
import { attachGraphQLWebSocket, type GraphQLWebSocket } from '../../src/websocket.js';
import { BACKENDS, sseEvents, spawnWorker, storeCorpusWorkflows, waitFor } from './support.js';

const BATCH = `mutation ($ids: [ID!]!) { analyzeWorkflows(input: { workflowIds: $ids }) { id status total } }`;
const BATCH_PROGRESS = `subscription ($id: ID!) { batchProgress(batchId: $id) { id status total completed failed } }`;
const ANALYSIS_UPDATED = `subscription ($id: ID!) { analysisUpdated(workflowId: $id) { id status healthScore workflowId } }`;
const ANALYZE_ASYNC = `mutation ($id: ID!) { analyzeWorkflow(id: $id, mode: ASYNC) { analysis { id status } } }`;

type Batch = { id: string; status: string; total: number; completed: number; failed: number };

/** Subscribes over SSE on `app` (the request is answered as a text/event-stream). */
function sse(app: TestApp, query: string, variables: Record<string, unknown>, key: string) {
  return app.app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
}

/** Collects a subscription over WebSocket until it completes (or `until` holds). */
function wsCollect<T>(client: Client, query: string, variables: Record<string, unknown>, until: (events: T[]) => boolean = () => false) {
  const events: T[] = [];
  const errors: unknown[] = [];
  let stop = () => undefined as void;
  const done = new Promise<void>((resolve) => {
    const unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) errors.push(...value.errors);
          if (value.data !== undefined) events.push((value.data as Record<string, T>)[Object.keys(value.data!)[0]!]!);
          if (until(events)) {
            unsubscribe();
            resolve();
          }
        },
        error: (error) => {
          errors.push(error);
          resolve();
        },
        complete: () => resolve(),
      },
    );
    stop = () => {
      unsubscribe();
      resolve();
    };
  });
  return { events, errors, done, stop };
}

describe.each(BACKENDS)('real-time progress on $name', ({ redis }) => {
  const redisUrl = redis ? inject('redisUrl') : null;
  let api: TestApp;
  let second: TestApp;
  let tenant: CreatedOrganization;
  let other: CreatedOrganization;
  let server: Server;
  let webSocket: GraphQLWebSocket;
  let wsUrl: string;

  beforeAll(async () => {
    // Two API instances without workers: the work is done by worker processes started below.
    api = await createTestApp({}, { redis, jobs: { worker: false } });
    second = await api.sibling({ jobs: { worker: false } });
    tenant = await api.tenant('ENTERPRISE');
    other = await api.tenant('PRO');
    server = createServer(second.app);
    webSocket = attachGraphQLWebSocket(server, second.app, (await import('../../src/logger.js')).createLogger('silent'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    wsUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await webSocket?.close();
    await new Promise((resolve) => server?.close(resolve));
    await api?.close();
  });

  it('SSE and WebSocket subscribers on a second instance get the current state, the progress made by a worker in another process, and the final state', async () => {
    const ids = await storeCorpusWorkflows(api.orm, tenant, 40);
    const started = await api.graphql(BATCH, { ids }, tenant.apiKey);
    const batch = started.body.data!.analyzeWorkflows as Batch;
    expect(batch.status).toBe('QUEUED');

    const response = await sse(second, BATCH_PROGRESS, { id: batch.id }, tenant.apiKey);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const overSse = (async () => {
      const seen: Batch[] = [];
      for await (const event of sseEvents(response)) seen.push(event.data!.batchProgress);
      return seen;
    })();
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${tenant.apiKey}` }, retryAttempts: 0 });
    const overWs = wsCollect<Batch>(client, BATCH_PROGRESS, { id: batch.id });
    // Both streams are open (their first event, the current state, has arrived) before any work starts.
    await waitFor(async () => overWs.events.length, (n) => n >= 1, 10_000, 'the first WebSocket event');

    // Few jobs at a time, so the batch moves in several steps.
    const worker = await spawnWorker(api, redisUrl, { WORKER_CONCURRENCY: '4' });
    try {
      const [sseSeen] = await Promise.all([overSse, overWs.done]);
      for (const seen of [sseSeen, overWs.events]) {
        expect(seen[0]).toMatchObject({ id: batch.id, status: 'QUEUED', completed: 0, total: 40 });
        expect(seen.at(-1)).toMatchObject({ id: batch.id, status: 'COMPLETED', completed: 40, failed: 0 });
        // Progress in between (several flushes), never going backwards.
        expect(seen.length).toBeGreaterThan(2);
        const done = seen.map((b) => b.completed + b.failed);
        expect(done).toEqual([...done].sort((a, b) => a - b));
      }
      expect(overWs.errors).toEqual([]);
    } finally {
      await worker.kill('SIGTERM');
      await client.dispose();
    }
  });

  it('analysisUpdated over WebSocket: the latest analysis first (null before any), then the one the worker completes', async () => {
    const [workflowId] = await storeCorpusWorkflows(api.orm, tenant, 1);
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${tenant.apiKey}` }, retryAttempts: 0 });
    const updates = wsCollect<{ id: string; status: string } | null>(client, ANALYSIS_UPDATED, { id: workflowId }, (events) => events.some((e) => e?.status === 'COMPLETED'));
    await waitFor(async () => updates.events.length, (n) => n >= 1, 10_000, 'the first event');
    expect(updates.events[0]).toBeNull();
    const queued = await api.graphql(ANALYZE_ASYNC, { id: workflowId }, tenant.apiKey);
    const worker = await spawnWorker(api, redisUrl);
    try {
      await updates.done;
      expect(updates.events.at(-1)).toMatchObject({ id: queued.body.data!.analyzeWorkflow.analysis.id, status: 'COMPLETED', workflowId });
    } finally {
      await worker.kill('SIGTERM');
      await client.dispose();
    }
  });

  it("another tenant's batch or workflow is NOT_FOUND at subscribe time, and no events follow", async () => {
    const ids = await storeCorpusWorkflows(api.orm, tenant, 1);
    const batch = (await api.graphql(BATCH, { ids }, tenant.apiKey)).body.data!.analyzeWorkflows as Batch;
    const response = await sse(second, BATCH_PROGRESS, { id: batch.id }, other.apiKey);
    const events = [];
    for await (const event of sseEvents(response)) events.push(event);
    expect(events).toHaveLength(1);
    expect(events[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${other.apiKey}` }, retryAttempts: 0 });
    const foreign = wsCollect(client, ANALYSIS_UPDATED, { id: ids[0] });
    await foreign.done;
    expect(foreign.events.filter(Boolean)).toEqual([]);
    expect(JSON.stringify(foreign.errors)).toContain('NOT_FOUND');
    await client.dispose();
  });

  it('a WebSocket without a valid key gets UNAUTHENTICATED', async () => {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: 'Bearer whk_not_a_key' }, retryAttempts: 0 });
    const refused = wsCollect(client, BATCH_PROGRESS, { id: crypto.randomUUID() });
    await refused.done;
    expect(JSON.stringify(refused.errors)).toContain('UNAUTHENTICATED');
    await client.dispose();
  });
});
