import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ALL_ENTITIES } from './entities/index.js';
import { migrationsList } from '../../migrations/index.js';
import type { Logger } from '../logger.js';

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
    extensions: [Migrator],
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
      migrationsList,
      tableName: 'mikro_orm_migrations',
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

/** Applies pending migrations; returns the names applied. */
export async function migrateUp(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

export async function migrateDown(orm: Orm, to: string | 0 = 0): Promise<string[]> {
  const reverted = await orm.getMigrator().down({ to });
  return reverted.map((m) => m.name);
}

export async function pendingMigrations(orm: Orm): Promise<string[]> {
  return (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);
}
