import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Analysis, Finding, Location, Workflow } from './db/entities/index.js';
import { TenantScope } from './db/tenant-scope.js';
import { WorkflowRepository } from './db/repositories/workflows.js';
import { AnalysisRepository } from './db/repositories/analyses.js';
import { LocationRepository } from './db/repositories/locations.js';

/**
 * Per-request batch loaders (no N+1): a list of 100 workflows with their latest analyses and
 * findings costs three queries, not 201. Every loader goes through a tenant-scoped repository.
 */
export function createLoaders(em: EntityManager, scope: TenantScope) {
  const byId = <T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>) =>
    new DataLoader<string, T | null>(async (ids) => {
      const rows = new Map((await load(ids)).map((r) => [r.id, r]));
      return ids.map((id) => rows.get(id) ?? null);
    });
  const workflows = new WorkflowRepository(em, scope);
  const analyses = new AnalysisRepository(em, scope);
  const locations = new LocationRepository(em, scope);
  return {
    workflow: byId<Workflow>((ids) => workflows.getMany(ids)),
    analysis: byId<Analysis>((ids) => analyses.getMany(ids)),
    location: byId<Location>(async (ids) => (await locations.list()).filter((l) => ids.includes(l.id))),
    findings: new DataLoader<string, Finding[]>(async (ids) => {
      const grouped = new Map<string, Finding[]>();
      for (const f of await analyses.findingsOf(ids)) {
        const list = grouped.get(f.analysisId);
        if (list) list.push(f);
        else grouped.set(f.analysisId, [f]);
      }
      return ids.map((id) => grouped.get(id) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
