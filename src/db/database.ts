import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { migrateUp, openOrm, type Orm } from './orm.js';
import type { EmbeddedPostgres } from './embedded-postgres.js';

export interface Database {
  orm: Orm;
  /** Set when the embedded PostgreSQL serves this process. */
  embedded: EmbeddedPostgres | null;
  /** The connection URL (DATABASE_URL, or the embedded server's socket): the PostgreSQL job queue connects with it. */
  url: string;
  /** Closes the pool, then stops the embedded server if this process started it. */
  close(): Promise<void>;
}

/**
 * The database of DESIGN §11: DATABASE_URL when set, else the embedded PostgreSQL with its data
 * in DATA_DIR. Migrations are applied when `migrate` is true (always for the embedded one, which
 * nobody else migrates). `attach`: use the embedded server another process already runs on
 * DATA_DIR (CLI commands) instead of refusing.
 */
export async function openDatabase(config: Config, log: Logger, options: { migrate: boolean; serving?: boolean; attach?: boolean }): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    // Loaded only when used: a production start with DATABASE_URL never touches the launcher.
    const { startEmbeddedPostgres } = await import('./embedded-postgres.js');
    embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(config.DATA_DIR, 'postgres'),
      // A CLI command next to a running dev server uses its PostgreSQL (see EmbeddedPostgresOptions).
      attach: options.attach ?? false,
      log: (msg, extra) => {
        const fields = { ...extra, component: 'embedded-postgres' };
        // The server's own chatter (~7 lines per start and stop) is debug; its complaints are not.
        if ((extra as { source?: string } | undefined)?.source !== 'postgres') log.info(fields, msg);
        else if (/\b(WARNING|ERROR|FATAL|PANIC):/.test(msg)) log.warn(fields, msg);
        else log.debug(fields, msg);
      },
    });
    url = embedded.connectionUrl('postgres');
  }
  let orm: Orm | null = null;
  try {
    if (options.migrate) {
      // Migrations may build indexes for minutes: they run on their own connection, without the
      // request timeouts below.
      const migrator = await openOrm({ url, poolMax: 1 });
      try {
        const applied = await migrateUp(migrator);
        if (applied.length) log.info({ migrations: applied }, 'migrations applied');
      } finally {
        await migrator.close(true);
      }
    }
    orm = await openOrm({
      url,
      poolMax: config.DB_POOL_MAX,
      timeouts: options.serving ? { connectMs: config.DB_CONNECT_TIMEOUT_MS, statementMs: config.DB_STATEMENT_TIMEOUT_MS } : undefined,
    });
  } catch (error) {
    await orm?.close(true).catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
  const opened = orm;
  return {
    orm: opened,
    embedded,
    url,
    async close() {
      await opened.close(true);
      await embedded?.stop();
    },
  };
}
