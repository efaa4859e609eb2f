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

/** At most this many texts are prepared, each once per pooled connection. */
const MAX_PREPARED = 64;
const preparedNames = new Map<string, string>();
/** `select *` (or `t.*`): its prepared plan would fail once a migration adds a column. */
const STAR = /(?:select|,|\.)\s*\*/i;

/** The prepared statement's name for this text, or none (a star select, or the cap reached). */
function preparedName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED && !STAR.test(text)) preparedNames.set(text, (name = `wh_read_${preparedNames.size}`));
  return name;
}

/**
 * A LIMIT written into the text, not passed as a parameter. With `limit $n`, PostgreSQL plans a
 * prepared statement again on every execution: the generic plan assumes the limit keeps a tenth
 * of the rows, costs more than a custom plan for one page, and is never chosen (measured on the
 * list page: planning 136 µs per execution, 8 µs with a literal limit). Page sizes are few (a
 * page plus one, at most 101), so the texts stay few; past MAX_PREPARED a text runs unnamed,
 * planned every time, which is what every text cost before.
 */
export function limitSql(rows: number): string {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`limit ${rows}: not a positive integer`);
  return `limit ${rows}`;
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
 * Statements are prepared (named), so that each pooled connection parses and plans a text once,
 * not on every call: locationHealth's four sub-queries spent more time being planned than run
 * (PostgreSQL CPU per request 0.7 ms before, 0.3 after), the list page's 0.2 ms became 0.15.
 * The texts are few (one per filter combination, order and column set); at most MAX_PREPARED are
 * named, and never a `select *`, whose plan would fail once a migration changed the table.
 */
export async function readRows<T>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<T[]> {
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
    const { rows } = await pooled.query({ text, values: params, name: preparedName(text) });
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
