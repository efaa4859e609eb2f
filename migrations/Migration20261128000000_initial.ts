import { Migration } from '@mikro-orm/migrations';

/**
 * Initial schema (DESIGN §3, §10). Every index names the query it serves; partial indexes cover
 * the hot subsets (live workflows, queued analyses). Foreign keys say deliberately what happens
 * on delete: an organization takes everything with it; a user's removal keeps the history it
 * requested (SET NULL).
 */
export class Migration20261128000000_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table organizations (
  id uuid primary key,
  name text not null check (length(name) between 1 and 200),
  tier text not null default 'FREE' check (tier in ('FREE', 'PRO', 'ENTERPRISE')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);`);
    this.addSql(`
create table subscriptions (
  id uuid primary key,
  organization_id uuid not null references organizations(id) on delete cascade,
  tier text not null check (tier in ('FREE', 'PRO', 'ENTERPRISE')),
  status text not null check (status in ('ACTIVE', 'PAST_DUE', 'CANCELED')),
  current_period_end timestamptz,
  created_at timestamptz not null default now()
);`);
    this.addSql(`-- One ACTIVE subscription per organization; serves the tier look-up "where organization_id = ? and status = 'ACTIVE'".
create unique index subscriptions_one_active on subscriptions (organization_id) where status = 'ACTIVE';`);

    this.addSql(`
create table locations (
  id uuid primary key,
  organization_id uuid not null references organizations(id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  timezone text not null default 'UTC',
  created_at timestamptz not null default now()
);`);
    this.addSql(`-- locations(): "where organization_id = ? order by name"; also makes names unique per organization.
create unique index locations_org_name on locations (organization_id, lower(name));`);

    this.addSql(`
create table users (
  id uuid primary key,
  organization_id uuid not null references organizations(id) on delete cascade,
  email text not null check (position('@' in email) > 1),
  name text not null default '',
  role text not null check (role in ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER')),
  all_locations boolean not null default true,
  last_active_at timestamptz,
  created_at timestamptz not null default now()
);`);
    this.addSql(`-- E-mail is unique across the platform, case-insensitively (admin create-org checks it).
create unique index users_email_lower on users (lower(email));`);
    this.addSql(`-- Business gauge "active users over 24 h": "where last_active_at > now() - interval '24 hours'".
create index users_last_active on users (last_active_at) where last_active_at is not null;`);

    this.addSql(`
create table user_locations (
  user_id uuid not null references users(id) on delete cascade,
  location_id uuid not null references locations(id) on delete cascade,
  primary key (user_id, location_id)
);`);

    this.addSql(`
create table api_keys (
  id uuid primary key,
  organization_id uuid not null references organizations(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  prefix text not null,
  secret_hash text not null,
  location_ids uuid[],
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);`);
    this.addSql(`-- Authentication: "where prefix = ?" on every request (the prefix is the public part of the key).
create unique index api_keys_prefix on api_keys (prefix);`);
    this.addSql(`-- apiKeys(): "where organization_id = ? order by created_at desc".
create index api_keys_org_created on api_keys (organization_id, created_at desc);`);

    this.addSql(`
create table analysis_batches (
  id uuid primary key,
  organization_id uuid not null references organizations(id) on delete cascade,
  location_id uuid not null references locations(id) on delete cascade,
  requested_by uuid references users(id) on delete set null,
  total integer not null check (total >= 0),
  completed integer not null default 0 check (completed >= 0),
  failed integer not null default 0 check (failed >= 0),
  status text not null check (status in ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (completed + failed <= total)
);`);

    this.addSql(`
create table workflows (
  id uuid primary key,
  organization_id uuid not null references organizations(id) on delete cascade,
  location_id uuid not null references locations(id) on delete cascade,
  name text not null check (length(name) between 1 and 300),
  description text,
  format text not null check (format in ('N8N', 'NATIVE')),
  status text not null default 'ACTIVE' check (status in ('ACTIVE', 'DRAFT', 'PAUSED', 'ARCHIVED')),
  source jsonb not null,
  definition jsonb not null,
  content_hash text not null,
  node_count integer not null check (node_count >= 0),
  version integer not null default 1 check (version > 0),
  latest_analysis_id uuid,
  latest_score smallint check (latest_score between 0 and 100),
  latest_grade text check (latest_grade in ('A', 'B', 'C', 'D', 'F')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);`);
    this.addSql(`-- workflows(locationId) list, default order: "where location_id = ? and deleted_at is null order by updated_at desc, id desc" (keyset).
create index workflows_live_by_location_updated on workflows (location_id, updated_at desc, id desc) where deleted_at is null;`);
    this.addSql(`-- workflows(minScore/maxScore, orderBy SCORE): "where location_id = ? and deleted_at is null and latest_score between ? and ? order by latest_score, id".
create index workflows_live_by_location_score on workflows (location_id, latest_score, id) where deleted_at is null;`);
    this.addSql(`-- workflows(orderBy NAME_ASC, locationId): "where location_id = ? and deleted_at is null order by name, id" (keyset).
create index workflows_live_by_location_name on workflows (location_id, name, id) where deleted_at is null;`);
    this.addSql(`-- workflows() across every visible location: "where organization_id = ? and location_id = any(?) and deleted_at is null order by updated_at desc, id desc".
create index workflows_live_by_org_updated on workflows (organization_id, updated_at desc, id desc) where deleted_at is null;`);

    this.addSql(`
create table analyses (
  id uuid primary key,
  organization_id uuid not null references organizations(id) on delete cascade,
  location_id uuid not null references locations(id) on delete cascade,
  workflow_id uuid not null references workflows(id) on delete cascade,
  workflow_version integer not null check (workflow_version > 0),
  content_hash text not null,
  ruleset_version text not null,
  status text not null check (status in ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
  health_score smallint check (health_score between 0 and 100),
  grade text check (grade in ('A', 'B', 'C', 'D', 'F')),
  category_scores jsonb,
  counts jsonb,
  finding_count integer not null default 0 check (finding_count >= 0),
  duration_ms integer check (duration_ms >= 0),
  reused_from_id uuid references analyses(id) on delete set null,
  batch_id uuid references analysis_batches(id) on delete set null,
  requested_by uuid references users(id) on delete set null,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  check (status <> 'COMPLETED' or (health_score is not null and grade is not null))
);`);
    this.addSql(`alter table workflows add constraint workflows_latest_analysis_fk foreign key (latest_analysis_id) references analyses(id) on delete set null;`);
    this.addSql(`-- analyses(workflowId) history, newest first with keyset pagination: "where workflow_id = ? and (created_at, id) < (?, ?) order by created_at desc, id desc limit ?".
create index analyses_workflow_history on analyses (workflow_id, created_at desc, id desc);`);
    this.addSql(`-- Memoization: "where content_hash = ? and ruleset_version = ? and status = 'COMPLETED'" (same content is not analysed twice).
create index analyses_completed_by_content on analyses (content_hash, ruleset_version) where status = 'COMPLETED';`);
    this.addSql(`-- The sweeper: "where status in ('QUEUED','RUNNING') and created_at < ?" — a tiny partial index over the hot subset.
create index analyses_pending on analyses (created_at) where status in ('QUEUED', 'RUNNING');`);
    this.addSql(`-- locationHealth(days): "where location_id = ? and created_at >= ? and status = 'COMPLETED'".
-- health_score is included so the daily average is an index-only scan.
create index analyses_location_recent on analyses (location_id, created_at) include (health_score) where status = 'COMPLETED';`);
    this.addSql(`-- analysisBatch progress: "where batch_id = ?".
create index analyses_batch on analyses (batch_id) where batch_id is not null;`);

    this.addSql(`
create table findings (
  id bigint generated always as identity primary key,
  analysis_id uuid not null references analyses(id) on delete cascade,
  location_id uuid not null references locations(id) on delete cascade,
  position integer not null check (position >= 0),
  rule_id text not null,
  severity text not null check (severity in ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO')),
  category text not null check (category in ('STRUCTURE', 'SECURITY', 'RELIABILITY', 'PERFORMANCE', 'MAINTAINABILITY')),
  node_id text,
  node_name text,
  message text not null,
  remediation text not null
);`);
    this.addSql(`-- analysis.findings in report order: "where analysis_id = ? order by position".
create unique index findings_analysis_position on findings (analysis_id, position);`);
    this.addSql(`-- Findings by rule across a location (locationHealth top rules): "where location_id = ? and rule_id = ?".
create index findings_location_rule on findings (location_id, rule_id);`);

    this.addSql(`-- Which indexes earn their keep (DESIGN §10).
create view index_usage_stats as
select schemaname, relname as table_name, indexrelname as index_name, idx_scan as scans,
       idx_tup_read as tuples_read, idx_tup_fetch as tuples_fetched,
       pg_size_pretty(pg_relation_size(indexrelid)) as size
from pg_stat_user_indexes
order by idx_scan desc, indexrelname;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop view if exists index_usage_stats;');
    this.addSql('alter table if exists workflows drop constraint if exists workflows_latest_analysis_fk;');
    for (const table of ['findings', 'analyses', 'workflows', 'analysis_batches', 'api_keys', 'user_locations', 'users', 'locations', 'subscriptions', 'organizations']) {
      this.addSql(`drop table if exists ${table};`);
    }
  }
}
