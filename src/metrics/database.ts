import type { EventEmitter } from 'node:events';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Orm } from '../db/orm.js';
import { poolStats } from '../db/pool.js';

/** Statement kinds for the `operation` label: the first keyword only, never the SQL text. */
const OPERATIONS = new Set(['select', 'insert', 'update', 'delete', 'with']);
/** Transaction control that knex sends without a completion event: counted in errors only. */
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release|set\s+transaction)\b/i;
const FIRST_WORD = /^\s*\(?\s*([a-z]+)/i;
const SQLSTATE = /^[0-9A-Z]{5}$/;

export interface DatabaseMetrics {
  /** Starts timing statements of this ORM's knex client; returns the function that stops. */
  observe(orm: Orm): () => void;
}

/** What knex puts in its `query`, `query-response` and `query-error` events. */
interface KnexQueryEvent {
  sql?: string;
  /** The pooled connection's id: one connection runs its statements one after another. */
  __knexUid?: string;
}

export function operationOf(sql: string | undefined): string {
  const word = FIRST_WORD.exec(sql ?? '')?.[1]?.toLowerCase() ?? '';
  return OPERATIONS.has(word) ? word : 'other';
}

/**
 * `wh_db_query_duration_seconds{operation}`, `wh_db_errors_total{sqlstate_class}` and
 * `wh_db_pool_connections{state}`.
 *
 * Statements are timed from knex's own events (MikroORM runs every statement through knex):
 * `query` when sent, `query-response` or `query-error` when answered. The events carry the
 * connection id, and a connection answers in order, so a start is matched to its end through a
 * FIFO per connection. MikroORM's `onQuery`/logger hook (used by the query-count test) sees the
 * SQL text only, with no timing precise below a millisecond and no error, hence knex's events.
 * BEGIN/COMMIT/ROLLBACK are sent by knex without a completion event and are not timed.
 */
export function createDatabaseMetrics(registry: Registry): DatabaseMetrics {
  const duration = new Histogram({
    name: 'wh_db_query_duration_seconds',
    help: 'Time a SQL statement took, from sending it to its answer, by operation kind (select, insert, update, delete, with, other).',
    labelNames: ['operation'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'wh_db_errors_total',
    help: 'SQL statements that failed, by SQLSTATE class (the first two characters of the code: 23 integrity, 40 rollback, 57 operator intervention, 08 connection...; "none" when the driver gave no SQLSTATE).',
    labelNames: ['sqlstate_class'] as const,
    registers: [registry],
  });
  const pools: Orm[] = [];
  new Gauge({
    name: 'wh_db_pool_connections',
    help: 'PostgreSQL pool connections by state: used (lent to a statement or transaction), free (idle), pending (requests waiting for a connection).',
    labelNames: ['state'] as const,
    registers: [registry],
    // Read at scrape time from the pool's counters: no I/O.
    collect() {
      const totals = { used: 0, free: 0, pending: 0 };
      for (const orm of pools) {
        const stats = poolStats(orm);
        if (!stats) continue;
        totals.used += stats.used;
        totals.free += stats.free;
        totals.pending += stats.pending;
      }
      for (const [state, value] of Object.entries(totals)) this.set({ state }, value);
    },
  });

  return {
    observe(orm) {
      const knex = (orm.em.getConnection() as unknown as { getKnex(): EventEmitter }).getKnex();
      const started = new Map<string, { at: number; operation: string }[]>();
      const finish = (event: KnexQueryEvent) => {
        const queue = started.get(event.__knexUid ?? '');
        const entry = queue?.shift();
        if (queue && queue.length === 0) started.delete(event.__knexUid ?? '');
        return entry;
      };
      const onQuery = (event: KnexQueryEvent) => {
        if (!event.sql || TRANSACTION_CONTROL.test(event.sql)) return;
        const key = event.__knexUid ?? '';
        const entry = { at: performance.now(), operation: operationOf(event.sql) };
        const queue = started.get(key);
        if (queue) queue.push(entry);
        else started.set(key, [entry]);
      };
      const onResponse = (_response: unknown, event: KnexQueryEvent) => {
        const entry = finish(event);
        if (entry) duration.observe({ operation: entry.operation }, (performance.now() - entry.at) / 1000);
      };
      const onError = (error: { code?: unknown }, event: KnexQueryEvent) => {
        const code = typeof error?.code === 'string' && SQLSTATE.test(error.code) ? error.code : null;
        errors.inc({ sqlstate_class: code ? code.slice(0, 2) : 'none' });
        if (!event.sql || TRANSACTION_CONTROL.test(event.sql)) return;
        const entry = finish(event);
        if (entry) duration.observe({ operation: entry.operation }, (performance.now() - entry.at) / 1000);
      };
      knex.on('query', onQuery);
      knex.on('query-response', onResponse);
      knex.on('query-error', onError);
      pools.push(orm);
      return () => {
        knex.off('query', onQuery);
        knex.off('query-response', onResponse);
        knex.off('query-error', onError);
        pools.splice(pools.indexOf(orm), 1);
      };
    },
  };
}
