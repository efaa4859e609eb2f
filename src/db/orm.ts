import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import type { Migrator } from '@mikro-orm/migrations';
import { ALL_ENTITIES } from './entities/index.js';
import { MIGRATION_NAMES } from '../../migrations/names.js';
import type { Logger } from '../logger.js';

const MIGRATIONS_TABLE = 'mikro_orm_migrations';

export type Orm = MikroORM;

export interface OrmOptions {
  url: string;
  poolMax?: number;
  logger?: Logger;
  /** Called with every SQL statement (tests count queries with it). Default: none. */
  onQuery?: (sql: string) => void;
  /**
   * Bounds for serving requests, so that a PostgreSQL that is down or frozen answers 503 in
   * bounded time instead of hanging: connect and pool-acquire timeout, and statement_timeout
   * (with a client-side read timeout 1 s later, for a server too frozen to cancel anything).
   * Default: none (the CLI and migrations may run long statements).
   */
  timeouts?: { connectMs: number; statementMs: number };
}

export function ormConfig({ url, poolMax = 10, onQuery, timeouts }: OrmOptions): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: url,
    entities: ALL_ENTITIES,
    // No `extensions: [Migrator]`: the migrator is loaded on first use (migratorOf below).
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: poolMax },
    ...(timeouts
      ? {
          driverOptions: {
            acquireConnectionTimeout: timeouts.connectMs,
            connection: {
              connectionTimeoutMillis: timeouts.connectMs,
              statement_timeout: timeouts.statementMs,
              query_timeout: timeouts.statementMs + 1000,
            },
          },
        }
      : {}),
    // Entities are plain rows here; every association is an explicit id column (tenant ids
    // travel with every row), so nothing depends on reflection or decorators.
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: onQuery ? ['query'] : false,
    ...(onQuery ? { logger: onQuery, colors: false } : {}),
    migrations: {
      tableName: MIGRATIONS_TABLE,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  };
}

export async function openOrm(options: OrmOptions): Promise<Orm> {
  return MikroORM.init(ormConfig(options));
}

/**
 * The migrator, loaded on first use: MikroORM requires `@mikro-orm/migrations` itself when asked
 * for it, and the migration classes are handed to the configuration here.
 */
async function migratorOf(orm: Orm): Promise<Migrator> {
  const options = orm.config.get('migrations');
  if (!options.migrationsList) {
    const { migrationsList } = await import('../../migrations/index.js');
    orm.config.set('migrations', { ...options, migrationsList });
  }
  return orm.getMigrator() as Migrator;
}

/** Applies pending migrations (up to `to` when given); returns the names applied. Loads the migrator only when something is pending. */
export async function migrateUp(orm: Orm, to?: string): Promise<string[]> {
  if ((await pendingMigrations(orm)).length === 0) return [];
  const applied = await (await migratorOf(orm)).up(to ? { to } : undefined);
  return applied.map((m) => m.name);
}

export async function migrateDown(orm: Orm, to: string | 0 = 0): Promise<string[]> {
  const reverted = await (await migratorOf(orm)).down({ to });
  return reverted.map((m) => m.name);
}

/**
 * The migrations not applied yet, in order, read from the migrations table without loading the
 * migrator (/ready asks on every probe). No table yet: all of them.
 */
export async function pendingMigrations(orm: Orm): Promise<string[]> {
  const connection = orm.em.getConnection();
  // Asked first rather than caught: a failed select would be logged by the server as an ERROR.
  const [table] = await connection.execute<{ found: string | null }[]>('select to_regclass(?) as found', [MIGRATIONS_TABLE]);
  if (!table?.found) return [...MIGRATION_NAMES];
  const rows = await connection.execute<{ name: string }[]>(`select name from ${MIGRATIONS_TABLE}`);
  const applied = new Set(rows.map((r) => r.name.replace(/\.[jt]s$/, '')));
  return MIGRATION_NAMES.filter((name) => !applied.has(name));
}
