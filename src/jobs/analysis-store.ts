import type { Orm } from '../db/orm.js';
import type { WorkflowFormat } from '../analyzer/index.js';
import type { Grade } from '../db/entities/enums.js';
import { findingRows, type StoredFinding } from '../db/finding-rows.js';
import { BATCH_COLUMNS, batchFromJson, type BatchState } from './batch-state.js';

/**
 * The SQL of the analysis jobs, written for many jobs per statement (see coalescer.ts): plain
 * statements through the ORM's pool, no entities, one round trip per flush. Every write is
 * guarded by the analysis status, so a job run twice (a stalled job re-run, a re-enqueued one)
 * records its analysis once: the second run finds it COMPLETED and does nothing.
 */

/** One job asking to start: its analysis, and the locations its requester could see (reuse stays inside them). */
export interface ClaimRequest {
  id: string;
  /** Absent (a job re-enqueued by the sweeper): reuse only inside the analysis's own location. */
  locations?: string[];
}

/** What a started job needs: the analysis, the workflow now, and a reusable earlier result if any. */
export interface Claimed {
  id: string;
  organizationId: string;
  locationId: string;
  workflowId: string;
  batchId: string | null;
  /** Null when the workflow is deleted (or gone): the analysis fails. */
  workflow: { version: number; contentHash: string; format: WorkflowFormat; source: unknown } | null;
  /** The newest completed analysis of identical content the requester may see (the sync path's rule). */
  previous: {
    id: string;
    /** What the copy points at: the original when visible, else `id`. */
    pointAt: string;
    rulesetVersion: string;
    healthScore: number;
    grade: Grade;
    categoryScores: Record<string, number>;
    counts: Record<string, number>;
    findingCount: number;
  } | null;
}

/** A finished analysis to record. */
export interface Completion {
  id: string;
  version: number;
  contentHash: string;
  rulesetVersion: string;
  healthScore: number;
  grade: Grade;
  categoryScores: Record<string, number>;
  counts: Record<string, number>;
  findingCount: number;
  durationMs: number;
  /** Reuse: the analysis whose findings are copied, and the id stored in reused_from_id. */
  copyFrom?: string;
  reusedFromId?: string;
  findings?: StoredFinding[];
}

/** An analysis that reached a final state (for events and cache eviction). */
export interface Finished {
  id: string;
  organizationId: string;
  locationId: string;
  workflowId: string;
  batchId: string | null;
  status: 'COMPLETED' | 'FAILED';
}

export interface FlushResult {
  /** The analyses this flush moved to their final state (not those already there). */
  finished: Finished[];
  /** Batches whose counters changed, as they are now. */
  batches: BatchState[];
}

type Row = Record<string, unknown>;

export class AnalysisStore {
  constructor(private readonly orm: Orm) {}

  private execute<T = Row>(sql: string, params: unknown[]): Promise<T[]> {
    return this.orm.em.getConnection().execute<T[]>(sql, params);
  }

  /**
   * Marks the analyses RUNNING and reads what their jobs need. Analyses already COMPLETED or
   * FAILED are left out of the answer (their jobs have nothing to do).
   */
  async claim(requests: ClaimRequest[], rulesetVersion: string): Promise<Map<string, Claimed>> {
    const rows = await this.execute(
      `with wanted as (
         select * from jsonb_to_recordset(?::jsonb) as j(id uuid, locations uuid[])
       ), claimed as (
         update analyses a set status = 'RUNNING', started_at = coalesce(a.started_at, now())
           from wanted j where a.id = j.id and a.status in ('QUEUED', 'RUNNING')
         returning a.id, a.organization_id, a.location_id, a.workflow_id, a.batch_id
       )
       select c.id, c.organization_id, c.location_id, c.workflow_id, c.batch_id,
              w.id as w_id, w.version as w_version, w.content_hash as w_hash, w.format as w_format, w.source as w_source,
              p.id as p_id, p.ruleset_version as p_ruleset, p.health_score as p_score, p.grade as p_grade,
              p.category_scores as p_categories, p.counts as p_counts, p.finding_count as p_findings,
              case when p.reused_from_id is not null and o.location_id = any(coalesce(j.locations, array[c.location_id]))
                   then p.reused_from_id else p.id end as p_point_at
         from claimed c
         join wanted j on j.id = c.id
         left join workflows w on w.id = c.workflow_id and w.deleted_at is null
         left join lateral (
           select pa.* from analyses pa join workflows pw on pw.id = pa.workflow_id
            where pa.organization_id = c.organization_id and pa.location_id = any(coalesce(j.locations, array[c.location_id]))
              and pa.content_hash = w.content_hash and pa.ruleset_version = ? and pa.status = 'COMPLETED' and pw.format = w.format
            order by pa.created_at desc, pa.id desc limit 1
         ) p on true
         left join analyses o on o.id = p.reused_from_id`,
      [JSON.stringify(requests), rulesetVersion],
    );
    const claimed = new Map<string, Claimed>();
    for (const r of rows) {
      claimed.set(String(r.id), {
        id: String(r.id),
        organizationId: String(r.organization_id),
        locationId: String(r.location_id),
        workflowId: String(r.workflow_id),
        batchId: (r.batch_id as string | null) ?? null,
        workflow: r.w_id ? { version: Number(r.w_version), contentHash: String(r.w_hash), format: r.w_format as WorkflowFormat, source: r.w_source } : null,
        previous: r.p_id
          ? {
              id: String(r.p_id),
              pointAt: String(r.p_point_at),
              rulesetVersion: String(r.p_ruleset),
              healthScore: Number(r.p_score),
              grade: r.p_grade as Grade,
              categoryScores: r.p_categories as Record<string, number>,
              counts: r.p_counts as Record<string, number>,
              findingCount: Number(r.p_findings),
            }
          : null,
      });
    }
    return claimed;
  }

  /**
   * Records finished analyses in one statement: the analyses, their findings (new or copied),
   * the workflows' latest score, and the batch counters. Only rows still QUEUED or RUNNING are
   * written, so a second run of a job changes nothing.
   */
  async complete(completions: Completion[]): Promise<FlushResult> {
    const rows = await this.execute(
      `with r as (
         select * from jsonb_to_recordset(?::jsonb) as r(id uuid, version int, content_hash text, ruleset_version text, health_score smallint,
           grade text, category_scores jsonb, counts jsonb, finding_count int, duration_ms int, copy_from uuid, reused_from_id uuid, findings jsonb)
       ), done as (
         update analyses a set status = 'COMPLETED', workflow_version = r.version, content_hash = r.content_hash, ruleset_version = r.ruleset_version,
                health_score = r.health_score, grade = r.grade, category_scores = r.category_scores, counts = r.counts,
                finding_count = r.finding_count, duration_ms = r.duration_ms, reused_from_id = r.reused_from_id, error = null,
                started_at = coalesce(a.started_at, now()), completed_at = now()
           from r where a.id = r.id and a.status in ('QUEUED', 'RUNNING')
         returning a.id, a.organization_id, a.location_id, a.workflow_id, a.batch_id, a.health_score, a.grade
       ), new_findings as (
         insert into findings (analysis_id, location_id, position, rule_id, severity, category, node_id, node_name, message, remediation)
         select d.id, d.location_id, f.position, f.rule_id, f.severity, f.category, f.node_id, f.node_name, f.message, f.remediation
           from done d join r on r.id = d.id
           cross join lateral jsonb_to_recordset(coalesce(r.findings, '[]'::jsonb))
             as f(position int, rule_id text, severity text, category text, node_id text, node_name text, message text, remediation text)
       ), copied_findings as (
         insert into findings (analysis_id, location_id, position, rule_id, severity, category, node_id, node_name, message, remediation)
         select d.id, d.location_id, s.position, s.rule_id, s.severity, s.category, s.node_id, s.node_name, s.message, s.remediation
           from done d join r on r.id = d.id join findings s on s.analysis_id = r.copy_from
       ), latest as (
         update workflows w set latest_analysis_id = d.id, latest_score = d.health_score, latest_grade = d.grade
           from done d where w.id = d.workflow_id
       ), progress as (
         update analysis_batches b set completed = b.completed + x.n, updated_at = now(),
                status = case when b.completed + b.failed + x.n >= b.total then 'COMPLETED' else 'RUNNING' end
           from (select batch_id, count(*)::int as n from done where batch_id is not null group by batch_id) x
          where b.id = x.batch_id
         returning ${BATCH_COLUMNS('b')}
       )
       select (select coalesce(json_agg(json_build_object('id', id, 'organizationId', organization_id, 'locationId', location_id,
                 'workflowId', workflow_id, 'batchId', batch_id)), '[]') from done) as finished,
              (select coalesce(json_agg(progress), '[]') from progress) as batches`,
      [JSON.stringify(completions.map(toCompletionRow))],
    );
    return flushResult(rows[0]!, 'COMPLETED');
  }

  /** Records an analysis that cannot be done (retries exhausted, workflow deleted), with why. */
  async fail(id: string, error: string): Promise<FlushResult> {
    const rows = await this.execute(
      `with done as (
         update analyses set status = 'FAILED', error = ?, completed_at = now()
          where id = ? and status in ('QUEUED', 'RUNNING')
         returning id, organization_id, location_id, workflow_id, batch_id
       ), progress as (
         update analysis_batches b set failed = b.failed + 1, updated_at = now(),
                status = case when b.completed + b.failed + 1 < b.total then 'RUNNING' when b.completed = 0 then 'FAILED' else 'COMPLETED' end
           from done d where b.id = d.batch_id
         returning ${BATCH_COLUMNS('b')}
       )
       select (select coalesce(json_agg(json_build_object('id', id, 'organizationId', organization_id, 'locationId', location_id,
                 'workflowId', workflow_id, 'batchId', batch_id)), '[]') from done) as finished,
              (select coalesce(json_agg(progress), '[]') from progress) as batches`,
      [error.slice(0, 2000), id],
    );
    return flushResult(rows[0]!, 'FAILED');
  }
}

function toCompletionRow(c: Completion) {
  return {
    id: c.id,
    version: c.version,
    content_hash: c.contentHash,
    ruleset_version: c.rulesetVersion,
    health_score: c.healthScore,
    grade: c.grade,
    category_scores: c.categoryScores,
    counts: c.counts,
    finding_count: c.findingCount,
    duration_ms: c.durationMs,
    copy_from: c.copyFrom ?? null,
    reused_from_id: c.reusedFromId ?? null,
    findings: c.findings ? findingRows(c.findings) : null,
  };
}

function flushResult(row: Row, status: Finished['status']): FlushResult {
  const finished = (row.finished as Omit<Finished, 'status'>[]).map((f) => ({ ...f, status }));
  const batches = (row.batches as Row[]).map(batchFromJson);
  return { finished, batches };
}
