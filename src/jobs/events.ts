import pg from 'pg';
import { Redis } from 'ioredis';
import { createPubSub, type PubSub } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { TypedEventTarget } from '@graphql-yoga/typed-event-target';
import type { Logger } from '../logger.js';
import type { BatchState } from './batch-state.js';
import type { AnalysisCompleted } from './hooks.js';

/**
 * Progress events of background analyses (DESIGN §8), for the GraphQL subscriptions. They cross
 * processes: a worker in one process publishes, subscribers on every API instance receive.
 * - With Redis: Redis pub/sub (`@graphql-yoga/redis-event-target`).
 * - Without: PostgreSQL LISTEN/NOTIFY on the database every instance already shares (the
 *   embedded default included), which is also an in-process event target for a single instance.
 */

/** An analysis reached a new state; subscribers read it (scoped to them) from the database. */
export interface AnalysisEvent {
  analysisId: string;
  workflowId: string;
  organizationId: string;
  locationId: string;
  status: string;
}

/** A batch's counters changed. Dates travel as ISO strings. */
export type BatchEvent = Omit<BatchState, 'createdAt' | 'updatedAt'> & { createdAt: string | Date; updatedAt: string | Date };

export type JobTopics = {
  analysisUpdated: [workflowId: string, payload: AnalysisEvent];
  batchProgress: [batchId: string, payload: BatchEvent];
  /** Every analysis a flush stored, for every API instance (its response cache evicts with them). */
  analysesStored: [payload: AnalysisCompleted[]];
};

export interface JobEvents {
  pubSub: PubSub<JobTopics>;
  close(): Promise<void>;
}

export async function createJobEvents(options: { redisUrl?: string; databaseUrl: string; channelPrefix: string; log: Logger }): Promise<JobEvents> {
  if (options.redisUrl) {
    const publishClient = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    const subscribeClient = new Redis(options.redisUrl, { lazyConnect: true });
    for (const client of [publishClient, subscribeClient]) client.on('error', () => undefined);
    await Promise.all([publishClient.connect(), subscribeClient.connect()]);
    const target = createRedisEventTarget<CustomEvent>({ publishClient, subscribeClient });
    return {
      pubSub: createPubSub<JobTopics>({ eventTarget: prefixed(target, `${options.channelPrefix}:events:`) }),
      async close() {
        publishClient.disconnect();
        subscribeClient.disconnect();
      },
    };
  }
  const target = await createPostgresEventTarget(options.databaseUrl, options.log);
  return { pubSub: createPubSub<JobTopics>({ eventTarget: target }), close: target.close };
}

/** Topic names carry a prefix on the shared Redis, so test runs and deployments do not cross. */
function prefixed(target: TypedEventTarget<CustomEvent>, prefix: string): TypedEventTarget<CustomEvent> {
  const unprefix = new WeakMap<EventListenerOrEventListenerObject, (event: CustomEvent) => void>();
  const wrap = (callback: EventListenerOrEventListenerObject) => {
    let wrapped = unprefix.get(callback);
    if (!wrapped) {
      const handle = typeof callback === 'function' ? callback : callback.handleEvent.bind(callback);
      wrapped = (event: CustomEvent) => handle(new CustomEvent(event.type.slice(prefix.length), { detail: event.detail }));
      unprefix.set(callback, wrapped);
    }
    return wrapped;
  };
  return {
    addEventListener: (topic: string, callback: EventListenerOrEventListenerObject | null) => {
      if (callback) target.addEventListener(prefix + topic, wrap(callback) as never);
    },
    removeEventListener: (topic: string, callback: EventListenerOrEventListenerObject | null) => {
      if (callback) target.removeEventListener(prefix + topic, wrap(callback) as never);
    },
    dispatchEvent: (event: CustomEvent) => target.dispatchEvent(new CustomEvent(prefix + event.type, { detail: event.detail })),
  } as TypedEventTarget<CustomEvent>;
}

const CHANNEL = 'wh_job_events';

/**
 * An event target on LISTEN/NOTIFY: one channel, the topic inside the payload. Publishes made in
 * the same tick go out as one statement (a flush of 100 analyses is one round trip).
 */
async function createPostgresEventTarget(databaseUrl: string, log: Logger): Promise<TypedEventTarget<CustomEvent> & { close(): Promise<void> }> {
  const callbacks = new Map<string, Set<(event: CustomEvent) => void>>();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => undefined);
  let listener: pg.Client | null = null;
  let closed = false;

  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', (message) => {
      if (!message.payload) return;
      const { topic, detail } = JSON.parse(message.payload) as { topic: string; detail: unknown };
      for (const callback of callbacks.get(topic) ?? []) callback(new CustomEvent(topic, { detail }));
    });
    client.on('error', () => {
      if (closed) return;
      log.warn('job events: LISTEN connection lost; reconnecting');
      listener = null;
      client.end().catch(() => undefined);
      setTimeout(() => void listen().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    listener = client;
  };
  await listen();

  let pending: string[] = [];
  const send = () => {
    const payloads = pending;
    pending = [];
    pool.query(`select pg_notify('${CHANNEL}', p) from unnest($1::text[]) p`, [payloads]).catch((error: Error) => {
      log.warn({ err: { message: error.message } }, 'job events: publish failed');
    });
  };

  return {
    addEventListener(topic: string, callback: EventListenerOrEventListenerObject | null) {
      if (!callback) return;
      const handle = typeof callback === 'function' ? (callback as (event: CustomEvent) => void) : (callback.handleEvent.bind(callback) as (event: CustomEvent) => void);
      let set = callbacks.get(topic);
      if (!set) callbacks.set(topic, (set = new Set()));
      set.add(handle);
    },
    removeEventListener(topic: string, callback: EventListenerOrEventListenerObject | null) {
      if (!callback) return;
      const set = callbacks.get(topic);
      if (!set) return;
      // Functions are stored as given; listener objects were bound, so they cannot be matched
      // again (Yoga passes functions).
      set.delete(callback as (event: CustomEvent) => void);
      if (set.size === 0) callbacks.delete(topic);
    },
    dispatchEvent(event: CustomEvent) {
      if (pending.length === 0) queueMicrotask(send);
      pending.push(JSON.stringify({ topic: event.type, detail: event.detail }));
      return true;
    },
    async close() {
      closed = true;
      await listener?.end().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  } as TypedEventTarget<CustomEvent> & { close(): Promise<void> };
}
