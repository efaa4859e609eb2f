import { Migration } from '@mikro-orm/migrations';

/**
 * The rest of `locationHealth` as a roll-up (issue 14 item 9): the grade distribution and the
 * most frequent rules over the live workflows' latest analyses, one row per location, instead of
 * aggregating every live workflow and the findings of each one's latest analysis (137 ms at
 * 10,000 workflows).
 *
 * A workflow counts while it is live and has a latest analysis: one for its grade, and per rule
 * of its latest analysis's findings, their number and one workflow. Statement-level triggers on
 * workflows (transition tables) subtract what the old row counted and add what the new one
 * counts, in the statement that moves `latest_analysis_id` or `deleted_at`. The findings of the
 * new latest analysis must exist by then: the job worker writes both in one statement, and the
 * request path inserts the findings before it moves the workflow (services/analyses.ts).
 */
export class Migration20261129010000_location_current extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table location_current (
  location_id uuid primary key references locations(id) on delete cascade,
  grade_a integer not null default 0,
  grade_b integer not null default 0,
  grade_c integer not null default 0,
  grade_d integer not null default 0,
  grade_f integer not null default 0,
  rule_findings jsonb not null default '{}'::jsonb,
  rule_workflows jsonb not null default '{}'::jsonb
);`);
    this.addSql(`
create function location_current_on_workflows() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    ${upsert(`select location_id, latest_analysis_id, latest_grade, 1 as sign from new_rows where deleted_at is null and latest_analysis_id is not null`)}
  elsif tg_op = 'UPDATE' then
    ${upsert(`select n.location_id, n.latest_analysis_id, n.latest_grade, 1 as sign
        from new_rows n join old_rows o on o.id = n.id
       where n.deleted_at is null and n.latest_analysis_id is not null
         and (o.latest_analysis_id is distinct from n.latest_analysis_id or o.latest_grade is distinct from n.latest_grade
              or o.deleted_at is not null or o.location_id <> n.location_id)
      union all
      select o.location_id, o.latest_analysis_id, o.latest_grade, -1
        from old_rows o join new_rows n on n.id = o.id
       where o.deleted_at is null and o.latest_analysis_id is not null
         and (o.latest_analysis_id is distinct from n.latest_analysis_id or o.latest_grade is distinct from n.latest_grade
              or n.deleted_at is not null or o.location_id <> n.location_id)`)}
  else
    ${upsert(`select location_id, latest_analysis_id, latest_grade, -1 as sign from old_rows where deleted_at is null and latest_analysis_id is not null`)}
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger location_current_workflows_insert after insert on workflows referencing new table as new_rows
  for each statement execute function location_current_on_workflows();`);
    this.addSql(`create trigger location_current_workflows_update after update on workflows referencing old table as old_rows new table as new_rows
  for each statement execute function location_current_on_workflows();`);
    this.addSql(`create trigger location_current_workflows_delete after delete on workflows referencing old table as old_rows
  for each statement execute function location_current_on_workflows();`);
    // Backfill from the live workflows now.
    this.addSql(upsert(`select location_id, latest_analysis_id, latest_grade, 1 as sign from workflows where deleted_at is null and latest_analysis_id is not null`));
  }

  override async down(): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) this.addSql(`drop trigger if exists location_current_workflows_${event} on workflows;`);
    this.addSql('drop function if exists location_current_on_workflows();');
    this.addSql('drop table if exists location_current;');
  }
}

/**
 * Adds the workflows of `delta` (location_id, latest_analysis_id, latest_grade, sign) to their
 * locations: grades, and the findings of each latest analysis by rule. A location deleted in the
 * same statement (cascade) is skipped.
 */
function upsert(delta: string): string {
  return `with delta as (select d.* from (${delta}) d where exists (select 1 from locations l where l.id = d.location_id)),
    grades as (
      select location_id,
             coalesce(sum(sign) filter (where latest_grade = 'A'), 0) as a, coalesce(sum(sign) filter (where latest_grade = 'B'), 0) as b,
             coalesce(sum(sign) filter (where latest_grade = 'C'), 0) as c, coalesce(sum(sign) filter (where latest_grade = 'D'), 0) as d,
             coalesce(sum(sign) filter (where latest_grade = 'F'), 0) as f
        from delta group by location_id
    ),
    per_workflow as (
      select d.location_id, f.rule_id, d.sign, count(*) as n
        from delta d join findings f on f.analysis_id = d.latest_analysis_id
       group by d.location_id, d.latest_analysis_id, d.sign, f.rule_id
    ),
    rules as (
      select location_id, jsonb_object_agg(rule_id, findings) as findings, jsonb_object_agg(rule_id, workflows) as workflows
        from (select location_id, rule_id, sum(sign * n) as findings, sum(sign) as workflows from per_workflow group by 1, 2) r
       group by location_id
    )
    insert into location_current as c (location_id, grade_a, grade_b, grade_c, grade_d, grade_f, rule_findings, rule_workflows)
    select g.location_id, g.a, g.b, g.c, g.d, g.f, coalesce(r.findings, '{}'::jsonb), coalesce(r.workflows, '{}'::jsonb)
      from grades g left join rules r on r.location_id = g.location_id
    on conflict (location_id) do update set
      grade_a = c.grade_a + excluded.grade_a,
      grade_b = c.grade_b + excluded.grade_b,
      grade_c = c.grade_c + excluded.grade_c,
      grade_d = c.grade_d + excluded.grade_d,
      grade_f = c.grade_f + excluded.grade_f,
      rule_findings = location_daily_merge(c.rule_findings, excluded.rule_findings),
      rule_workflows = location_daily_merge(c.rule_workflows, excluded.rule_workflows);`;
}
