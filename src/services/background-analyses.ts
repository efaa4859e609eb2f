import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RULESET_VERSION } from '../analyzer/index.js';
import type { Analysis } from '../db/entities/index.js';
import type { TenantScope } from '../db/tenant-scope.js';
import { fromRow } from '../db/rows.js';
import { WorkflowRepository, type Page } from '../db/repositories/workflows.js';
import { cursorValue, decodeCursor, encodeCursor } from '../db/cursor.js';
import { AppError, badInput, notFound } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Jobs } from '../jobs/index.js';
import { BATCH_COLUMNS, batchFromJson, type BatchState } from '../jobs/batch-state.js';

/**
 * Analyses that run as background jobs (DESIGN §8): ASYNC `analyzeWorkflow`, batches and
 * `reanalyzeLocation`. The rows are written QUEUED (in one statement) before the jobs are added:
 * if adding fails, the request still succeeds and the sweeper adds them later.
 */

export const jobsUnavailable = () =>
  new AppError('SERVICE_UNAVAILABLE', 'Background analysis is not available on this instance; analyse synchronously (mode: SYNC)', {
    headers: { 'Retry-After': '5' },
  });

/** Inserts QUEUED analyses of live workflows of the scope (of their current version). */
async function insertQueued(em: EntityManager, scope: TenantScope, workflowIds: string[], requestedBy: string | null, batchId: string | null): Promise<Analysis[]> {
  const rows = await em.execute<Record<string, unknown>[]>(
    `insert into analyses (id, organization_id, location_id, workflow_id, workflow_version, content_hash, ruleset_version, status, finding_count, batch_id, requested_by)
     select gen_random_uuid(), w.organization_id, w.location_id, w.id, w.version, w.content_hash, ?, 'QUEUED', 0, ?::uuid, ?::uuid
       from workflows w
      where w.id = any(?::uuid[]) and w.organization_id = ? and w.location_id = any(?::uuid[]) and w.deleted_at is null
     returning *`,
    [RULESET_VERSION, batchId, requestedBy, `{${workflowIds.join(',')}}`, scope.organizationId, scope.locationArray],
  );
  return rows.map((row) => fromRow<Analysis>(row));
}

async function enqueueOrLeaveToSweeper(jobs: Jobs, analyses: Analysis[], scope: TenantScope, log: Logger): Promise<void> {
  try {
    await jobs.enqueue(analyses.map((a) => ({ id: a.id, locations: [...scope.locationIds] })));
  } catch (error) {
    // The rows are QUEUED: the sweeper enqueues them once the queue is reachable again.
    log.warn({ err: { message: (error as Error).message }, analyses: analyses.length }, 'enqueue failed; the sweeper will retry');
  }
}

/** ASYNC analyzeWorkflow: the QUEUED analysis, its job added. */
export async function queueAnalysis(em: EntityManager, scope: TenantScope, workflowId: string, requestedBy: string | null, jobs: Jobs, log: Logger): Promise<Analysis> {
  await new WorkflowRepository(em, scope).assertVisible(workflowId);
  const [analysis] = await insertQueued(em, scope, [workflowId], requestedBy, null);
  if (!analysis) throw notFound('Workflow', workflowId);
  await enqueueOrLeaveToSweeper(jobs, [analysis], scope, log);
  return analysis;
}

export type BatchInput = { workflowIds?: readonly string[] | null; locationId?: string | null };

/**
 * The workflows a batch input names, checked: exactly one of workflowIds and locationId; every id
 * a live workflow the caller may see (else NOT_FOUND, naming it); all in one location (a batch
 * belongs to one location, which is what decides who may see it).
 */
export async function resolveBatchWorkflows(em: EntityManager, scope: TenantScope, input: BatchInput): Promise<{ locationId: string; workflowIds: string[] }> {
  const hasIds = input.workflowIds !== undefined && input.workflowIds !== null;
  const hasLocation = input.locationId !== undefined && input.locationId !== null;
  if (hasIds === hasLocation) {
    throw badInput([{ field: 'input', message: 'give exactly one of workflowIds and locationId' }]);
  }
  const connection = em.getConnection();
  if (hasLocation) {
    const locationId = String(input.locationId);
    scope.assertLocation(locationId);
    const rows = await connection.execute<{ id: string }[]>(
      'select id from workflows where location_id = ? and organization_id = ? and deleted_at is null order by id',
      [locationId, scope.organizationId],
    );
    return { locationId, workflowIds: rows.map((r) => r.id) };
  }
  const ids = [...new Set(input.workflowIds!.map(String))];
  if (ids.length === 0) throw badInput([{ field: 'input.workflowIds', message: 'must name at least one workflow' }]);
  const rows = await connection.execute<{ id: string; location_id: string }[]>(
    `select id, location_id from workflows where id = any(?::uuid[]) and organization_id = ? and location_id = any(?::uuid[]) and deleted_at is null`,
    [`{${ids.join(',')}}`, scope.organizationId, scope.locationArray],
  );
  const found = new Map(rows.map((r) => [r.id, r.location_id]));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound('Workflow', missing);
  const locations = new Set(found.values());
  if (locations.size > 1) {
    throw badInput([{ field: 'input.workflowIds', message: 'all workflows of a batch must belong to one location; send one batch per location' }]);
  }
  return { locationId: [...locations][0]!, workflowIds: ids };
}

/** Creates the batch and its QUEUED analyses in one transaction, then adds their jobs. */
export async function createBatch(
  em: EntityManager,
  scope: TenantScope,
  target: { locationId: string; workflowIds: string[] },
  requestedBy: string | null,
  jobs: Jobs,
  log: Logger,
): Promise<BatchState> {
  const batchId = randomUUID();
  const { batch, analyses } = await em.transactional(async (tx) => {
    const [row] = await tx.execute<Record<string, unknown>[]>(
      `insert into analysis_batches (id, organization_id, location_id, requested_by, total, completed, failed, status)
       values (?, ?, ?, ?, ?, 0, 0, ?) returning ${BATCH_COLUMNS('analysis_batches')}`,
      [batchId, scope.organizationId, target.locationId, requestedBy, target.workflowIds.length, target.workflowIds.length === 0 ? 'COMPLETED' : 'QUEUED'],
    );
    const analyses = target.workflowIds.length ? await insertQueued(tx, scope, target.workflowIds, requestedBy, batchId) : [];
    return { batch: batchFromJson(row!), analyses };
  });
  if (analyses.length) await enqueueOrLeaveToSweeper(jobs, analyses, scope, log);
  return batch;
}

/** A batch the caller may see (its location is in the scope); NOT_FOUND otherwise. */
export async function getBatch(em: EntityManager, scope: TenantScope, id: string): Promise<BatchState> {
  const [row] = await em
    .getConnection()
    .execute<Record<string, unknown>[]>(
      `select ${BATCH_COLUMNS('b')} from analysis_batches b where b.id = ? and b.organization_id = ? and b.location_id = any(?::uuid[])`,
      [id, scope.organizationId, scope.locationArray],
    );
  if (!row) throw notFound('AnalysisBatch', id);
  return batchFromJson(row);
}

/** A page of a batch's analyses, in id order (index analyses_batch), keyset-paginated. */
export async function batchAnalyses(em: EntityManager, batch: BatchState, first: number, after?: string | null): Promise<Page<Analysis>> {
  const afterId = after ? String(decodeCursor(after, 'batch-analyses', [cursorValue.uuid])[0]) : null;
  const rows = await em
    .getConnection()
    .execute<Record<string, unknown>[]>(
      `select * from analyses where batch_id = ? and organization_id = ? ${afterId ? 'and id > ?' : ''} order by id limit ?`,
      afterId ? [batch.id, batch.organizationId, afterId, first + 1] : [batch.id, batch.organizationId, first + 1],
    );
  const page = rows.slice(0, first).map((row) => fromRow<Analysis>(row));
  return { items: page, cursors: page.map((a) => encodeCursor('batch-analyses', [a.id])), hasNextPage: rows.length > first };
}

export async function countBatchAnalyses(em: EntityManager, batch: BatchState): Promise<number> {
  const [row] = await em.getConnection().execute<{ n: string }[]>('select count(*) as n from analyses where batch_id = ? and organization_id = ?', [batch.id, batch.organizationId]);
  return Number(row!.n);
}
