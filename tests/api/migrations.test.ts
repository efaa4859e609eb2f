import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateUp, openOrm, pendingMigrations, type Orm } from '../../src/db/orm.js';
import { createEmptyDatabase } from '../support/database.js';
import { migrationsList } from '../../migrations/index.js';

let db: { url: string; drop(): Promise<void> };
let orm: Orm;
beforeAll(async () => {
  db = await createEmptyDatabase();
  orm = await openOrm({ url: db.url, poolMax: 2 });
});
afterAll(async () => {
  await orm.close(true);
  await db.drop();
});

const tables = async () =>
  (await orm.em.getConnection().execute<{ table_name: string }[]>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations' order by 1`,
  )).map((r) => r.table_name);

describe('migrations', () => {
  it('go up, are idempotent, go down cleanly and up again', async () => {
    expect(await pendingMigrations(orm)).toHaveLength(migrationsList.length);
    await migrateUp(orm);
    expect(await pendingMigrations(orm)).toEqual([]);
    expect(await tables()).toEqual(
      expect.arrayContaining(['analyses', 'analysis_batches', 'api_keys', 'findings', 'locations', 'organizations', 'subscriptions', 'user_locations', 'users', 'workflows', 'index_usage_stats']),
    );
    expect(await migrateUp(orm)).toEqual([]);

    await migrateDown(orm);
    expect(await tables()).toEqual([]);
    await migrateUp(orm);
    expect(await pendingMigrations(orm)).toEqual([]);
  });

  it('documents every index with the query it serves', async () => {
    const indexes = await orm.em.getConnection().execute<{ indexname: string }[]>(
      `select indexname from pg_indexes where schemaname = 'public' and indexname not like '%_pkey' and tablename <> 'mikro_orm_migrations'`,
    );
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../../migrations/Migration20261128000000_initial.ts', import.meta.url), 'utf8');
    for (const { indexname } of indexes) {
      const at = source.indexOf(`index ${indexname} on`);
      expect(at, indexname).toBeGreaterThan(0);
      // The line just before the index holds its comment ("-- <the query> …").
      const before = source.slice(source.lastIndexOf('`', at), at);
      expect(before, indexname).toMatch(/--\s*\S+/);
    }
    expect(indexes.length).toBeGreaterThanOrEqual(12);
  });

  it('enforces invariants with CHECK constraints', async () => {
    const conn = orm.em.getConnection();
    await expect(conn.execute(`insert into organizations (id, name, tier) values (gen_random_uuid(), 'x', 'GOLD')`)).rejects.toThrow(/check/i);
    const [org] = await conn.execute<{ id: string }[]>(`insert into organizations (id, name, tier) values (gen_random_uuid(), 'x', 'PRO') returning id`);
    const [loc] = await conn.execute<{ id: string }[]>(`insert into locations (id, organization_id, name) values (gen_random_uuid(), ?, 'l') returning id`, [org!.id]);
    const insertWorkflow = (version: number, score: number | null) =>
      conn.execute(
        `insert into workflows (id, organization_id, location_id, name, format, source, definition, content_hash, node_count, version, latest_score)
         values (gen_random_uuid(), ?, ?, 'w', 'N8N', '{}', '{}', 'h', 0, ?, ?)`,
        [org!.id, loc!.id, version, score],
      );
    await expect(insertWorkflow(0, null)).rejects.toThrow(/check/i);
    await expect(insertWorkflow(1, 101)).rejects.toThrow(/check/i);
    await expect(insertWorkflow(1, 80)).resolves.toBeDefined();
    const usage = await conn.execute(`select * from index_usage_stats limit 1`);
    expect(usage.length).toBe(1);
  });
});
