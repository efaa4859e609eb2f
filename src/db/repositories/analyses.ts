import type { EntityManager } from '@mikro-orm/postgresql';
import type { Analysis, Finding } from '../entities/index.js';
import type { TenantScope } from '../tenant-scope.js';
import { notFound } from '../../errors.js';
import { cursorValue, decodeCursor, encodeCursor } from '../cursor.js';
import { fromRow } from '../rows.js';
import { limitSql, readRows } from '../read-rows.js';
import type { Page } from './workflows.js';

let analysisColumns: string | undefined;

/**
 * Every column of an analysis under its entity property (`workflow_id as "workflowId"`), from the
 * entity's metadata: rows come out as entities with no copy, and a statement that names its
 * columns is prepared by readRows (a `select *` never is), so it is planned once per connection.
 */
function columnsOf(em: EntityManager): string {
  analysisColumns ??= Object.values(em.getMetadata().get('Analysis').props)
    .map((prop) => (prop.fieldNames[0] === prop.name ? prop.name : `${prop.fieldNames[0]} as "${prop.name}"`))
    .join(', ');
  return analysisColumns;
}

export class AnalysisRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
  ) {}

  async get(id: string): Promise<Analysis> {
    const [analysis] = await this.getMany([id]);
    if (!analysis) throw notFound('Analysis', id);
    return analysis;
  }

  /** Several by id (dataloaders): scoped, unknown or foreign ids simply absent. */
  async getMany(ids: readonly string[]): Promise<Analysis[]> {
    if (ids.length === 0 || this.scope.locationIds.length === 0) return [];
    return readRows<Analysis>(this.em,
      `select ${columnsOf(this.em)} from analyses where id = any(?::uuid[]) and organization_id = ? and location_id = any(?::uuid[])`,
      [`{${ids.join(',')}}`, this.scope.organizationId, this.scope.locationArray],
    );
  }

  /**
   * A workflow's history, newest first, keyset-paginated on (created_at, id) so that page 500
   * costs what page 1 costs (index analyses_workflow_history). The caller has already checked
   * that the workflow is visible.
   */
  async history(workflowId: string, first: number, after?: string | null): Promise<Page<Analysis>> {
    const where: string[] = ['workflow_id = ?', 'organization_id = ?'];
    const params: unknown[] = [workflowId, this.scope.organizationId];
    if (after) {
      const [createdAt, id] = decodeCursor(after, 'analyses', [cursorValue.timestamp, cursorValue.uuid]);
      where.push('(created_at, id) < (?::timestamptz, ?)');
      params.push(createdAt, id);
    }
    const rows = await readRows<Analysis & { cursorAt: string }>(this.em,
      // created_at as text keeps PostgreSQL's microseconds in the cursor (a JS Date has ms).
      `select ${columnsOf(this.em)}, created_at::text as "cursorAt" from analyses where ${where.join(' and ')}
        order by created_at desc, id desc ${limitSql(first + 1)}`,
      params,
    );
    const page = rows.slice(0, first);
    return {
      items: page,
      cursors: page.map((row) => encodeCursor('analyses', [row.cursorAt, row.id])),
      hasNextPage: rows.length > first,
    };
  }

  /** How many analyses a workflow's history holds (its `totalCount`). */
  async countHistory(workflowId: string): Promise<number> {
    const [row] = await readRows<{ n: string }>(this.em, 'select count(*) as n from analyses where workflow_id = ? and organization_id = ?', [workflowId, this.scope.organizationId]);
    return Number(row!.n);
  }

  /** Findings of several analyses (in report order), for a dataloader. */
  async findingsOf(analysisIds: readonly string[]): Promise<Finding[]> {
    if (analysisIds.length === 0 || this.scope.locationIds.length === 0) return [];
    const rows = await readRows<Record<string, unknown>>(this.em,
      `select * from findings where analysis_id = any(?::uuid[]) and location_id = any(?::uuid[]) order by analysis_id, position`,
      [`{${analysisIds.join(',')}}`, this.scope.locationArray],
    );
    return rows.map((row) => fromRow<Finding>(row));
  }
}
