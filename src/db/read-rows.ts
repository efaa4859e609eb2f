import type { EntityManager } from '@mikro-orm/postgresql';

/** What this module uses of pg's Client and of knex's client (MikroORM types neither). */
interface PooledConnection {
  query(query: { text: string; values: readonly unknown[]; name?: string }): Promise<{ rows: unknown[] }>;
  __knexUid?: string;
}
interface KnexClient {
  acquireConnection(): Promise<PooledConnection>;
  releaseConnection(connection: PooledConnection): Promise<unknown>;
  emit(event: string, ...args: unknown[]): boolean;
}
interface LoggingConnection {
  logQuery(sql: string, context?: { took?: number; results?: number; level?: 'error' }): void;
}

const numbered = new Map<string, string>();

/** `?` placeholders as pg's `$1, $2…` (our statements hold no `?` inside string literals). */
function dollarPlaceholders(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (numbered.size < 1000) numbered.set(sql, out);
  }
  return out;
}

/**
 * Runs a read-only statement on a connection of the ORM's own pool, with pg directly, and
 * returns its rows. For the hot read paths (lists, history pages, look-ups by id, location
 * health). `sql` uses `?` placeholders, as `em.getConnection().execute` does.
 *
 * Why not `execute`: MikroORM inlines the parameters into the text and runs it through knex's
 * runner, which cost about 70 µs of CPU per statement, a tenth of an uncached list page
 * (BENCHMARKS.md, API section). Here the parameters travel separately (no escaping to get
 * wrong), on the same knex pool, so its size, acquire timeout, `statement_timeout` and read
 * timeout apply as before. Kept from the ORM path: its query logger (debug mode; the query-count
 * tests read it) and knex's query events, which time statements for the database metrics.
 * Inside a transaction, the transaction's connection is the one to use, through `execute`.
 *
 * `prepared` names a statement whose text never changes and that runs often: each connection
 * then parses and plans it once, not on every call (locationHealth's four sub-queries spent
 * more time being planned than run: 0.7 ms of PostgreSQL CPU per request before, 0.3 after).
 * Only for texts selecting named columns: a `select *` would fail once a migration changed the
 * table under a prepared plan.
 */
export async function readRows<T>(em: EntityManager, sql: string, params: readonly unknown[], options: { prepared?: string } = {}): Promise<T[]> {
  const connection = em.getConnection();
  if (em.isInTransaction()) return connection.execute<T[]>(sql, params as unknown[]);
  const client = (connection.getKnex() as unknown as { client: KnexClient }).client;
  const logged = em.config.get('debug') ? (connection as unknown as LoggingConnection) : null;
  const text = dollarPlaceholders(sql);
  const started = logged ? Date.now() : 0;
  const pooled = await client.acquireConnection();
  const event = { sql: text, __knexUid: pooled.__knexUid };
  try {
    client.emit('query', event);
    const { rows } = await pooled.query({ text, values: params, name: options.prepared });
    client.emit('query-response', rows, event);
    logged?.logQuery(sql, { took: Date.now() - started, results: rows.length });
    return rows as T[];
  } catch (error) {
    client.emit('query-error', error, event);
    logged?.logQuery(sql, { took: Date.now() - started, level: 'error' });
    throw error;
  } finally {
    void client.releaseConnection(pooled);
  }
}
