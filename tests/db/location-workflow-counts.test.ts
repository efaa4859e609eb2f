import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp, openOrm, type Orm } from '../../src/db/orm.js';
import { createEmptyDatabase } from '../support/database.js';

/**
 * The live-workflow count per location (location_workflow_counts, the `totalCount` of an
 * unfiltered one-location list) against a real count: backfilled by its migration, then kept by
 * triggers through inserts, renames, soft deletes and restores, moves between locations,
 * multi-row statements, hard deletes and a location's deletion.
 */

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

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => orm.em.getConnection().execute<T[]>(query, params);
const truth = () => sql(`select location_id, count(*)::int as live from workflows where deleted_at is null group by 1 order by 1`);
const counted = () => sql(`select location_id, live from location_workflow_counts where live <> 0 order by 1`);

let org: string;
const locations: string[] = [];
async function insertWorkflows(n: number, location: string, deleted = false): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    `insert into workflows (id, organization_id, location_id, name, format, source, definition, content_hash, node_count, version, deleted_at)
     select gen_random_uuid(), ?, ?, 'w' || i, 'N8N', '{}', '{}', 'h', 0, 1, ${deleted ? 'now()' : 'null'} from generate_series(1, ?) i returning id`,
    [org, location, n],
  );
  return rows.map((r) => r.id);
}

describe('location_workflow_counts', () => {
  let first: string[];

  it('is backfilled by its migration from the workflows already stored', async () => {
    await migrateUp(orm, 'Migration20261129010000_location_current');
    [{ id: org }] = (await sql<{ id: string }>(`insert into organizations (id, name, tier) values (gen_random_uuid(), 'o', 'PRO') returning id`)) as [{ id: string }];
    for (const name of ['one', 'two', 'three']) {
      const [row] = await sql<{ id: string }>(`insert into locations (id, organization_id, name, timezone) values (gen_random_uuid(), ?, ?, 'UTC') returning id`, [org, name]);
      locations.push(row!.id);
    }
    first = await insertWorkflows(5, locations[0]!);
    await insertWorkflows(2, locations[0]!, true);
    await insertWorkflows(3, locations[1]!);

    await migrateUp(orm);
    expect(await counted()).toEqual(await truth());
    expect((await counted()).find((r) => r.location_id === locations[0])).toMatchObject({ live: 5 });
  });

  it('follows inserts, renames, soft deletes and restores, moves and multi-row statements', async () => {
    await insertWorkflows(4, locations[2]!);
    await insertWorkflows(1, locations[2]!, true);
    expect(await counted()).toEqual(await truth());

    await sql(`update workflows set name = 'renamed', version = version + 1 where location_id = ?`, [locations[0]]);
    await sql(`update workflows set deleted_at = now() where id = any(?::uuid[])`, [`{${first.slice(0, 2).join(',')}}`]);
    expect(await counted()).toEqual(await truth());
    await sql(`update workflows set deleted_at = null where id = ?`, [first[0]]);
    expect(await counted()).toEqual(await truth());

    // Moved between locations, several at once, and a deleted one moved (counts nowhere).
    await sql(`update workflows set location_id = ? where id = any(?::uuid[])`, [locations[1], `{${first.slice(0, 3).join(',')}}`]);
    expect(await counted()).toEqual(await truth());
    expect((await counted()).find((r) => r.location_id === locations[0])).toMatchObject({ live: 2 });
  });

  it('follows hard deletes and the deletion of a location with its workflows', async () => {
    await sql(`delete from workflows where id = ?`, [first[4]]);
    expect(await counted()).toEqual(await truth());
    await sql(`delete from workflows where location_id = ?`, [locations[2]]);
    await sql(`delete from locations where id = ?`, [locations[2]]);
    expect(await counted()).toEqual(await truth());
    expect((await sql(`select 1 from location_workflow_counts where location_id = ?`, [locations[2]])).length).toBe(0);
  });
});
