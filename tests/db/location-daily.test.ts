import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp, openOrm, type Orm } from '../../src/db/orm.js';
import { createEmptyDatabase } from '../support/database.js';

/**
 * The daily roll-up (location_daily) against the truth computed from analyses and findings:
 * backfilled by its migration, then kept by triggers through inserts, status changes (the
 * worker's path), copies and deletes.
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

/** A uuid[] parameter (the driver would spread a JS array into a list). */
const uuids = (ids: string[]) => `{${ids.join(',')}}`;
const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => orm.em.getConnection().execute<T[]>(query, params);

/** What the roll-up must say, aggregated from the raw rows the way locationHealth used to. */
const truth = () =>
  sql(`with a as (select a.*, (a.created_at at time zone l.timezone)::date as day from analyses a join locations l on l.id = a.location_id where a.status = 'COMPLETED'),
        rules as (select location_id, day, jsonb_object_agg(rule_id, n) as counts
                    from (select a.location_id, a.day, f.rule_id, count(*)::int as n from findings f join a on a.id = f.analysis_id group by 1, 2, 3) r group by 1, 2)
       select a.location_id, a.day::text as day, count(*)::int as analyses, sum(a.health_score)::int as score_sum,
              count(*) filter (where a.grade = 'A')::int as grade_a, count(*) filter (where a.grade = 'F')::int as grade_f,
              coalesce(min(rules.counts::text)::jsonb, '{}'::jsonb) as rule_counts
         from a left join rules on rules.location_id = a.location_id and rules.day = a.day
        group by a.location_id, a.day order by 1, 2`);
const rollup = () =>
  sql(`select location_id, day::text as day, analyses, score_sum::int as score_sum, grade_a, grade_f, rule_counts
         from location_daily where analyses <> 0 or rule_counts <> '{}'::jsonb order by 1, 2`);

let org: string;
let locations: string[];
let workflow: string;

async function insertAnalyses(count: number, location: string, status: string, daysAgo: number, grade: string | null = 'A'): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    `insert into analyses (id, organization_id, location_id, workflow_id, workflow_version, content_hash, ruleset_version, status, health_score, grade, created_at)
     select gen_random_uuid(), ?, ?, ?, 1, 'h', 'r', ?, ?, ?, now() - make_interval(days => ?) - make_interval(secs => g) from generate_series(1, ?) g returning id`,
    [org, location, workflow, status, status === 'COMPLETED' ? (grade === 'F' ? 30 : 95) : null, status === 'COMPLETED' ? grade : null, daysAgo, count],
  );
  return rows.map((r) => r.id);
}

async function insertFindings(analysisIds: string[], location: string, rule: string) {
  await sql(
    `insert into findings (analysis_id, location_id, position, rule_id, severity, category, message, remediation)
     select id, ?, 0, ?, 'LOW', 'STRUCTURE', 'm', 'r' from unnest(?::uuid[]) id`,
    [location, rule, uuids(analysisIds)],
  );
}

/** What location_current must say: the live workflows' latest analyses, as locationHealth used to read them. */
const currentTruth = () =>
  sql(`select w.location_id, count(*) filter (where w.latest_grade = 'A')::int as grade_a, count(*) filter (where w.latest_grade = 'C')::int as grade_c,
              count(*) filter (where w.latest_grade = 'F')::int as grade_f,
              coalesce((select jsonb_object_agg(rule_id, n) from (select f.rule_id, count(*)::int as n from workflows v join findings f on f.analysis_id = v.latest_analysis_id
                         where v.location_id = w.location_id and v.deleted_at is null group by 1) r), '{}'::jsonb) as rule_findings
         from workflows w where w.deleted_at is null and w.latest_analysis_id is not null group by w.location_id order by 1`);
const current = () =>
  sql(`select location_id, grade_a, grade_c, grade_f, rule_findings from location_current
        where grade_a + grade_b + grade_c + grade_d + grade_f > 0 or rule_findings <> '{}'::jsonb order by 1`);

describe('location_daily', () => {
  it('is backfilled by its migration from the analyses already stored', async () => {
    // Only the initial migration first, with data in it.
    await migrateUp(orm, 'Migration20261128000000_initial');
    [{ id: org }] = (await sql<{ id: string }>(`insert into organizations (id, name, tier) values (gen_random_uuid(), 'o', 'PRO') returning id`)) as [{ id: string }];
    locations = [];
    for (const tz of ['UTC', 'America/Los_Angeles']) {
      const [row] = await sql<{ id: string }>(`insert into locations (id, organization_id, name, timezone) values (gen_random_uuid(), ?, ?, ?) returning id`, [org, tz, tz]);
      locations.push(row!.id);
    }
    const [w] = await sql<{ id: string }>(
      `insert into workflows (id, organization_id, location_id, name, format, source, definition, content_hash, node_count, version)
       values (gen_random_uuid(), ?, ?, 'w', 'N8N', '{}', '{}', 'h', 0, 1) returning id`,
      [org, locations[0]],
    );
    workflow = w!.id;
    const done = await insertAnalyses(5, locations[0]!, 'COMPLETED', 2);
    await insertAnalyses(3, locations[1]!, 'COMPLETED', 0, 'F');
    await insertAnalyses(2, locations[0]!, 'FAILED', 1);
    await insertFindings(done.slice(0, 2), locations[0]!, 'rule.one');

    await sql(`update workflows set latest_analysis_id = ?, latest_grade = 'A', latest_score = 95 where id = ?`, [done[0], workflow]);

    await migrateUp(orm);
    expect(await rollup()).toEqual(await truth());
    expect((await rollup()).length).toBe(2);
    expect(await current()).toEqual(await currentTruth());
    expect((await current())[0]).toMatchObject({ grade_a: 1, rule_findings: { 'rule.one': 1 } });
  });

  it('follows inserts, the worker path (QUEUED → COMPLETED with findings in one statement), failures and deletes', async () => {
    await insertAnalyses(4, locations[1]!, 'COMPLETED', 1);
    const queued = await insertAnalyses(6, locations[0]!, 'QUEUED', 3);
    expect(await rollup()).toEqual(await truth());

    // As the job worker completes: the status update and the findings in one statement.
    await sql(
      `with done as (update analyses set status = 'COMPLETED', health_score = 70, grade = 'C' where id = any(?::uuid[]) returning id, location_id)
       insert into findings (analysis_id, location_id, position, rule_id, severity, category, message, remediation)
       select id, location_id, 0, 'rule.two', 'LOW', 'STRUCTURE', 'm', 'r' from done`,
      [uuids(queued.slice(0, 4))],
    );
    await sql(`update analyses set status = 'FAILED' where id = any(?::uuid[])`, [uuids(queued.slice(4))]);
    expect(await rollup()).toEqual(await truth());

    // The workflow moves to a newer latest analysis (findings rule.two), then is deleted, then restored.
    await sql(`update workflows set latest_analysis_id = ?, latest_grade = 'C', latest_score = 70 where id = ?`, [queued[2], workflow]);
    expect(await current()).toEqual(await currentTruth());
    expect((await current())[0]).toMatchObject({ grade_a: 0, grade_c: 1, rule_findings: { 'rule.two': 1 } });
    await sql(`update workflows set deleted_at = now() where id = ?`, [workflow]);
    expect(await current()).toEqual(await currentTruth());
    await sql(`update workflows set deleted_at = null where id = ?`, [workflow]);
    expect(await current()).toEqual(await currentTruth());

    // A completed analysis leaving that state, and a deleted one (with its findings).
    await sql(`update analyses set status = 'FAILED', health_score = null, grade = null where id = ?`, [queued[0]]);
    await sql(`delete from findings where analysis_id = ?`, [queued[0]]);
    await sql(`delete from findings where analysis_id = ?`, [queued[1]]);
    await sql(`delete from analyses where id = ?`, [queued[1]]);
    expect(await rollup()).toEqual(await truth());
  });

  it('lets a location be deleted with its analyses', async () => {
    await sql(`delete from locations where id = ?`, [locations[1]]);
    expect(await rollup()).toEqual(await truth());
    expect((await sql(`select 1 from location_daily where location_id = ?`, [locations[1]])).length).toBe(0);
  });
});
