import type { EntityManager } from '@mikro-orm/postgresql';
import { Workflow } from '../entities/index.js';
import type { WorkflowStatus } from '../entities/enums.js';
import type { TenantScope } from '../tenant-scope.js';
import { conflict, notFound } from '../../errors.js';
import { cursorValue, decodeCursor, encodeCursor } from '../cursor.js';
import { fromRow } from '../rows.js';
import { limitSql, readRows } from '../read-rows.js';

export const WORKFLOW_ORDERS = ['UPDATED_AT_DESC', 'SCORE_ASC', 'SCORE_DESC', 'NAME_ASC'] as const;
export type WorkflowOrder = (typeof WORKFLOW_ORDERS)[number];

export interface WorkflowFilter {
  locationId?: string | null;
  status?: WorkflowStatus | null;
  search?: string | null;
  minScore?: number | null;
  maxScore?: number | null;
}

export interface Page<T> {
  items: T[];
  cursors: string[];
  hasNextPage: boolean;
}

/**
 * The columns of a list row by entity property: everything but the (large, lazy) source and
 * definition documents. Selected under the property names (`location_id as "locationId"`), so a
 * row is the entity as it is, with no copy.
 */
const COLUMNS = {
  id: 'id', organizationId: 'organization_id', locationId: 'location_id', name: 'name', description: 'description', format: 'format',
  status: 'status', contentHash: 'content_hash', nodeCount: 'node_count', version: 'version', latestAnalysisId: 'latest_analysis_id',
  latestScore: 'latest_score', latestGrade: 'latest_grade', createdAt: 'created_at', updatedAt: 'updated_at', deletedAt: 'deleted_at',
} as const satisfies Partial<Record<keyof Workflow, string>>;
type Column = keyof typeof COLUMNS;

const ALL = Object.keys(COLUMNS) as Column[];
/**
 * A list page's timestamps, formatted by PostgreSQL exactly as `Date#toISOString` would (UTC,
 * milliseconds, truncated): the page then parses no Date and formats none, a twentieth of its
 * CPU. Only list pages: other reads hand their rows to code that expects Dates.
 */
const AS_ISO_TEXT: ReadonlySet<Column> = new Set(['createdAt', 'updatedAt']);
const selectList = (properties: readonly Column[], isoText = false) =>
  properties
    .map((p) =>
      isoText && AS_ISO_TEXT.has(p) ? `to_char(${COLUMNS[p]} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "${p}"` : COLUMNS[p] === p ? p : `${COLUMNS[p]} as "${p}"`,
    )
    .join(', ');
const LIST_COLUMNS = selectList(ALL);
/** Every column of a listed workflow (ListedWorkflow), timestamps as ISO text: locationHealth's at-risk rows. */
export const LISTED_WORKFLOW_COLUMNS = selectList(ALL, true);

/** A workflow as lists read it: its timestamps are ISO-8601 UTC text (AS_ISO_TEXT). */
export type ListedWorkflow = Omit<Workflow, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };
/**
 * Read by every list whatever is selected: the id and the keys of the orders (`updatedAt` comes
 * from PAGE_STAMP). The tenant is in the WHERE; its columns are read only when a field shows them.
 */
const ALWAYS: readonly Column[] = ['id', 'name', 'latestScore'];
/**
 * A page's `updated_at`, once, as ISO-8601 UTC text with PostgreSQL's microseconds: the cursor's
 * key as it is (a JS Date has milliseconds), and `updatedAt` by cutting it to milliseconds
 * (isoMillis). One timestamp formatted per row instead of two: pgbench ran the list statement
 * 35.8-36.6k times a second with both, 40.5-41.4k with one.
 */
const PAGE_STAMP = `to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"`;
/** Every list column but `updatedAt`, which a page takes from PAGE_STAMP. */
const PAGE_ALL_COLUMNS = selectList(ALL.filter((p) => p !== 'updatedAt'), true);
/** `2026-11-30T12:39:03.154981Z` → `2026-11-30T12:39:03.154Z`: what to_char's `MS` (truncated) and Date#toISOString write. */
const isoMillis = (stamp: string) => `${stamp.slice(0, 23)}Z`;
/** Workflow fields that are not columns, by the column they read. */
const FIELD_COLUMNS: Record<string, Column | null> = { location: 'locationId', latestAnalysis: 'latestAnalysisId', analyses: 'id', source: 'id', __typename: null };
const narrowed = new Map<string, string>();
/** listColumns' answer per set of fields (the resolvers keep one set per query document). */
const columnsOfFields = new WeakMap<ReadonlySet<string>, string>();

/**
 * The columns that serve these GraphQL fields of a Workflow; all of them when the fields are not
 * known (null) or one is not known here. A page of 20 costs about an eighth less CPU with only
 * the columns it shows (measured on the list page: pg parses every value it receives).
 */
function listColumns(fields: ReadonlySet<string> | null | undefined): string {
  if (!fields) return PAGE_ALL_COLUMNS;
  let sql = columnsOfFields.get(fields);
  if (sql === undefined) columnsOfFields.set(fields, (sql = columnsFor(fields)));
  return sql;
}

function columnsFor(fields: ReadonlySet<string>): string {
  const wanted = new Set<Column>(ALWAYS);
  for (const field of fields) {
    const column = field in COLUMNS ? (field as Column) : FIELD_COLUMNS[field];
    if (column === undefined) return PAGE_ALL_COLUMNS;
    if (column && column !== 'updatedAt') wanted.add(column);
  }
  const properties = ALL.filter((p) => wanted.has(p));
  const key = properties.join();
  let sql = narrowed.get(key);
  if (sql === undefined) narrowed.set(key, (sql = selectList(properties, true)));
  return sql;
}

const ORDER_SQL: Record<WorkflowOrder, { key: string; dir: 'asc' | 'desc'; nulls: string }> = {
  UPDATED_AT_DESC: { key: 'updated_at', dir: 'desc', nulls: '' },
  // Never-analysed workflows (score null) come last in both score orders.
  SCORE_ASC: { key: 'latest_score', dir: 'asc', nulls: ' nulls last' },
  SCORE_DESC: { key: 'latest_score', dir: 'desc', nulls: ' nulls last' },
  NAME_ASC: { key: 'name', dir: 'asc', nulls: '' },
};

const CURSOR_KEY_CHECK: Record<string, (v: unknown) => boolean> = {
  updated_at: cursorValue.timestamp,
  latest_score: cursorValue.scoreOrNull,
  name: cursorValue.string,
};

export class WorkflowRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
  ) {}

  /** A live (not deleted) workflow inside the scope; NOT_FOUND otherwise, whoever owns it. */
  async get(id: string, options: { withSource?: boolean } = {}): Promise<Workflow> {
    // The uploaded JSON can be megabytes: read it only when it is needed (analysis, `source`).
    const [row] = await readRows<Record<string, unknown>>(this.em,
      `select ${options.withSource ? '*' : LIST_COLUMNS} from workflows
        where id = ? and organization_id = ? and location_id = any(?::uuid[]) and deleted_at is null`,
      [id, this.scope.organizationId, this.scope.locationArray],
    );
    if (!row) throw notFound('Workflow', id);
    return options.withSource ? fromRow<Workflow>(row) : (row as unknown as Workflow);
  }

  /**
   * NOT_FOUND unless a live workflow with this id is inside the scope. One indexed look-up, no
   * entity: for callers that only need to know the caller may see it (history pages).
   */
  async assertVisible(id: string): Promise<void> {
    const rows = await readRows(this.em,
      `select 1 from workflows where id = ? and organization_id = ? and location_id = any(?::uuid[]) and deleted_at is null`,
      [id, this.scope.organizationId, this.scope.locationArray],
    );
    if (rows.length === 0) throw notFound('Workflow', id);
  }

  /** Several by id, for dataloaders: scoped, deleted ones omitted, in no particular order. */
  async getMany(ids: readonly string[]): Promise<Workflow[]> {
    if (ids.length === 0 || this.scope.locationIds.length === 0) return [];
    const rows = await readRows<Record<string, unknown>>(this.em,
      `select ${LIST_COLUMNS} from workflows
        where id = any(?::uuid[]) and organization_id = ? and location_id = any(?::uuid[]) and deleted_at is null`,
      [`{${ids.join(',')}}`, this.scope.organizationId, this.scope.locationArray],
    );
    return rows as unknown as Workflow[];
  }

  /**
   * One page of live workflows, keyset-paginated on (order key, id). Served by the partial
   * indexes workflows_live_by_location_updated / _score when filtered by location. `fields`:
   * the Workflow fields the query shows (see listColumns). The items are the rows as pg made
   * them, no copy: the columns under their property names, plus `cursorAt`, and `updatedAt`
   * cut from it (isoMillis).
   */
  async list(filter: WorkflowFilter, order: WorkflowOrder, first: number, after?: string | null, fields?: ReadonlySet<string> | null): Promise<Page<ListedWorkflow>> {
    const filtered = this.filterSql(filter);
    if (!filtered) return { items: [], cursors: [], hasNextPage: false };
    const { where, params } = filtered;

    const { key, dir, nulls } = ORDER_SQL[order];
    if (after) {
      const [value, id] = decodeCursor(after, `workflows:${order}`, [CURSOR_KEY_CHECK[key]!, cursorValue.uuid]);
      const cmp = dir === 'desc' ? '<' : '>';
      if (key === 'latest_score') {
        // Keyset over a nullable column sorted NULLS LAST: non-null rows first, then nulls by id.
        if (value === null) (where.push(`(latest_score is null and id > ?)`), params.push(id));
        else (where.push(`(latest_score ${cmp} ? or (latest_score = ? and id > ?) or latest_score is null)`), params.push(value, value, id));
      } else {
        where.push(key === 'updated_at' ? `(updated_at, id) ${cmp} (?::timestamptz, ?)` : `(${key}, id) ${cmp} (?, ?)`);
        params.push(value, id);
      }
    }
    const idDir = key === 'latest_score' ? 'asc' : dir;
    const rows = await readRows<Record<string, unknown>>(this.em,
      `select ${listColumns(fields)}, ${PAGE_STAMP} from workflows where ${where.join(' and ')}
       order by ${key} ${dir}${nulls}, id ${idDir} ${limitSql(first + 1)}`,
      params,
    );
    const hasNextPage = rows.length > first;
    const page = rows.slice(0, first);
    const items = page as unknown as ListedWorkflow[];
    const kind = `workflows:${order}`;
    const cursors = page.map((row) => {
      row.updatedAt = isoMillis(row.cursorAt as string);
      const value = key === 'updated_at' ? row.cursorAt : key === 'latest_score' ? row.latestScore : row.name;
      return encodeCursor(kind, [(value as string | number | null) ?? null, String(row.id)]);
    });
    return { items, cursors, hasNextPage };
  }

  /** How many live workflows match the filter (a list's `totalCount`; the same WHERE as `list`). */
  async count(filter: WorkflowFilter): Promise<number> {
    const filtered = this.filterSql(filter);
    if (!filtered) return 0;
    const onlyLocations = !filter.status && !filter.search && (filter.minScore ?? null) === null && (filter.maxScore ?? null) === null;
    if (onlyLocations) {
      // Only the locations: their live counts, kept by triggers (migration
      // location_workflow_counts), instead of counting every row on every page.
      const [row] = await readRows<{ n: number }>(this.em, 'select coalesce(sum(live), 0)::int as n from location_workflow_counts where location_id = any(?::uuid[])', [
        filter.locationId ? `{${filter.locationId}}` : this.scope.locationArray,
      ]);
      return row!.n;
    }
    const [row] = await readRows<{ n: string }>(this.em, `select count(*) as n from workflows where ${filtered.where.join(' and ')}`, filtered.params);
    return Number(row!.n);
  }

  /** The WHERE of a filtered list inside the scope; null when the caller sees no location. */
  private filterSql(filter: WorkflowFilter): { where: string[]; params: unknown[] } | null {
    if (filter.locationId) this.scope.assertLocation(filter.locationId);
    const locations = filter.locationId ? [filter.locationId] : [...this.scope.locationIds];
    if (locations.length === 0) return null;

    // One location is `location_id = ?`, not `= any(array)`: only the equality lets PostgreSQL
    // read the (location_id, updated_at, id) index in order and stop after one page (measured:
    // 0.13 ms instead of a 17 ms scan-and-sort over 10,000 workflows, see BENCHMARKS.md).
    const where: string[] = ['organization_id = ?', locations.length === 1 ? 'location_id = ?' : 'location_id = any(?::uuid[])', 'deleted_at is null'];
    const params: unknown[] = [this.scope.organizationId, locations.length === 1 ? locations[0] : `{${locations.join(',')}}`];
    if (filter.status) (where.push('status = ?'), params.push(filter.status));
    if (filter.minScore !== null && filter.minScore !== undefined) (where.push('latest_score >= ?'), params.push(filter.minScore));
    if (filter.maxScore !== null && filter.maxScore !== undefined) (where.push('latest_score <= ?'), params.push(filter.maxScore));
    if (filter.search) {
      where.push(`(name ilike ? escape '\\' or description ilike ? escape '\\')`);
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(pattern, pattern);
    }
    return { where, params };
  }

  /**
   * Applies `changes` only if the stored version is `expectedVersion` (optimistic concurrency),
   * bumping the version. CONFLICT when someone else changed it first.
   */
  async updateVersioned(id: string, expectedVersion: number, changes: Partial<Pick<Workflow, 'name' | 'description' | 'status' | 'source' | 'definition' | 'contentHash' | 'nodeCount' | 'format'>>): Promise<Workflow> {
    const current = await this.get(id);
    if (current.version !== expectedVersion) {
      throw conflict(`Workflow ${id} is at version ${current.version}, not ${expectedVersion}: reload it and apply your change again`, {
        currentVersion: current.version,
      });
    }
    const updated = await this.em.nativeUpdate(
      Workflow,
      { id, version: expectedVersion, organizationId: this.scope.organizationId, deletedAt: null },
      { ...changes, version: expectedVersion + 1, updatedAt: new Date() },
    );
    if (updated === 0) {
      const now = await this.get(id);
      throw conflict(`Workflow ${id} was changed concurrently (now version ${now.version})`, { currentVersion: now.version });
    }
    return this.get(id);
  }

  async softDelete(id: string): Promise<Workflow> {
    const workflow = await this.get(id);
    await this.em.nativeUpdate(Workflow, { id, organizationId: this.scope.organizationId }, { deletedAt: new Date(), updatedAt: new Date() });
    workflow.deletedAt = new Date();
    return workflow;
  }
}
