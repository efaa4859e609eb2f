import type { AnalysisStatus } from '../db/entities/enums.js';

/** A batch as clients see it (and as batchProgress events carry it). */
export interface BatchState {
  id: string;
  organizationId: string;
  locationId: string;
  total: number;
  completed: number;
  failed: number;
  status: AnalysisStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns of a batch row, under `alias`. */
export const BATCH_COLUMNS = (alias: string) =>
  ['id', 'organization_id', 'location_id', 'total', 'completed', 'failed', 'status', 'created_at', 'updated_at'].map((c) => `${alias}.${c}`).join(', ');

/** A batch row read directly (Date columns) or through json (ISO strings). */
export function batchFromJson(row: Record<string, unknown>): BatchState {
  return {
    id: String(row.id),
    organizationId: String(row.organization_id),
    locationId: String(row.location_id),
    total: Number(row.total),
    completed: Number(row.completed),
    failed: Number(row.failed),
    status: row.status as AnalysisStatus,
    createdAt: new Date(row.created_at as string | Date),
    updatedAt: new Date(row.updated_at as string | Date),
  };
}
