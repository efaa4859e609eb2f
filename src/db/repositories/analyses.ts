import type { EntityManager } from '@mikro-orm/postgresql';
import { Analysis, Finding } from '../entities/index.js';
import type { TenantScope } from '../tenant-scope.js';
import { notFound } from '../../errors.js';
import { cursorValue, decodeCursor, encodeCursor } from '../cursor.js';
import type { Page } from './workflows.js';

export class AnalysisRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
  ) {}

  private get tenant() {
    return { organizationId: this.scope.organizationId, locationId: { $in: [...this.scope.locationIds] } };
  }

  async get(id: string): Promise<Analysis> {
    const analysis = await this.em.findOne(Analysis, { id, ...this.tenant });
    if (!analysis) throw notFound('Analysis', id);
    return analysis;
  }

  async getMany(ids: readonly string[]): Promise<Analysis[]> {
    if (ids.length === 0) return [];
    return this.em.find(Analysis, { id: { $in: [...ids] }, ...this.tenant });
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
    const rows = await this.em.getConnection().execute<Record<string, unknown>[]>(
      // created_at as text keeps PostgreSQL's microseconds in the cursor (a JS Date has ms).
      `select *, created_at::text as cursor_at from analyses where ${where.join(' and ')} order by created_at desc, id desc limit ?`,
      [...params, first + 1],
    );
    const page = rows.slice(0, first);
    return {
      items: page.map((row) => this.em.map(Analysis, row)),
      cursors: page.map((row) => encodeCursor('analyses', [String(row.cursor_at), String(row.id)])),
      hasNextPage: rows.length > first,
    };
  }

  /** Findings of several analyses (in report order), for a dataloader. */
  async findingsOf(analysisIds: readonly string[]): Promise<Finding[]> {
    if (analysisIds.length === 0) return [];
    return this.em.find(
      Finding,
      { analysisId: { $in: [...analysisIds] }, locationId: { $in: [...this.scope.locationIds] } },
      { orderBy: { analysisId: 'asc', position: 'asc' } },
    );
  }
}
