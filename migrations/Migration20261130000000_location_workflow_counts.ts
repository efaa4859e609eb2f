import { Migration } from '@mikro-orm/migrations';

/**
 * How many live workflows each location holds, kept by statement-level triggers on workflows:
 * the `totalCount` of an unfiltered list of one location (every REST list page asks for it)
 * without counting 10,000 rows on every page (a 15 ms sequential scan per request measured on the
 * bench data, which held the REST list page to about 230 req/s).
 *
 * A statement adds its new live rows and subtracts its old live rows per location; the usual
 * update (a rename, a new analysis) nets zero and writes nothing. A location deleted in the same
 * statement (cascade) is skipped.
 */
export class Migration20261130000000_location_workflow_counts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table location_workflow_counts (
  location_id uuid primary key references locations(id) on delete cascade,
  live integer not null default 0
);`);
    this.addSql(`
create function location_workflow_counts_on_workflows() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    ${add(`select location_id, 1 as sign from new_rows where deleted_at is null`)}
  elsif tg_op = 'UPDATE' then
    ${add(`select location_id, 1 as sign from new_rows where deleted_at is null
      union all select location_id, -1 from old_rows where deleted_at is null`)}
  else
    ${add(`select location_id, -1 as sign from old_rows where deleted_at is null`)}
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger location_workflow_counts_insert after insert on workflows referencing new table as new_rows
  for each statement execute function location_workflow_counts_on_workflows();`);
    this.addSql(`create trigger location_workflow_counts_update after update on workflows referencing old table as old_rows new table as new_rows
  for each statement execute function location_workflow_counts_on_workflows();`);
    this.addSql(`create trigger location_workflow_counts_delete after delete on workflows referencing old table as old_rows
  for each statement execute function location_workflow_counts_on_workflows();`);
    // Backfill from the live workflows now (creating the triggers locked out concurrent writes).
    this.addSql(add(`select location_id, 1 as sign from workflows where deleted_at is null`));
  }

  override async down(): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) this.addSql(`drop trigger if exists location_workflow_counts_${event} on workflows;`);
    this.addSql('drop function if exists location_workflow_counts_on_workflows();');
    this.addSql('drop table if exists location_workflow_counts;');
  }
}

/** Adds the rows of `delta` (location_id, sign) to their locations' counts; a net zero writes nothing. */
function add(delta: string): string {
  return `insert into location_workflow_counts as c (location_id, live)
    select d.location_id, sum(d.sign) from (${delta}) d
     where exists (select 1 from locations l where l.id = d.location_id)
     group by d.location_id having sum(d.sign) <> 0
    on conflict (location_id) do update set live = c.live + excluded.live;`;
}
