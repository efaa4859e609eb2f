import type { Orm } from './orm.js';

/** The connection pool's occupancy: connections in use, idle, and requests waiting for one. */
export interface PoolStats {
  used: number;
  free: number;
  pending: number;
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/**
 * The pool behind MikroORM (knex's tarn pool), read without I/O; null before the first
 * connection or after close. MikroORM exposes no typed accessor for it.
 */
export function poolStats(orm: Orm): PoolStats | null {
  const knex = (orm.em.getConnection() as unknown as { getKnex(): { client: { pool?: TarnPool | null } } }).getKnex();
  const pool = knex.client.pool;
  return pool ? { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires() } : null;
}
