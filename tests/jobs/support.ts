import { setTimeout as sleep } from 'node:timers/promises';
import type { Orm } from '../../src/db/orm.js';
import { TenantScope } from '../../src/db/tenant-scope.js';
import { createWorkflow, prepareDefinition } from '../../src/services/workflows.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';
import { corpusFiles, corpusWorkflow } from '../support/corpus.js';

/** The backends the queue runs on: every acceptance check runs on both. */
export const BACKENDS = [
  { name: 'PostgreSQL', redis: false },
  { name: 'Redis', redis: true },
] as const;

/**
 * Stores `count` corpus workflows (cycling through the corpus; every copy after the first round
 * gets its own name so its content differs) in the tenant's location; returns their ids.
 */
export async function storeCorpusWorkflows(orm: Orm, tenant: CreatedOrganization, count: number, options: { distinct?: boolean } = {}): Promise<string[]> {
  const files = validCorpusFiles();
  const scope = new TenantScope(tenant.organization.id, [tenant.location.id]);
  const em = orm.em.fork();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const source = corpusWorkflow(files[i % files.length]!);
    if (options.distinct !== false && i >= files.length) source.name = `${String(source.name)} (copy ${Math.floor(i / files.length)})`;
    const prepared = prepareDefinition(source, 'N8N', 5000, 'workflow');
    const workflow = await createWorkflow(em, scope, { locationId: tenant.location.id, prepared });
    ids.push(workflow.id);
  }
  return ids;
}

let valid: string[] | undefined;
/** The corpus files that are workflows (a few are deliberately broken exports). */
function validCorpusFiles(): string[] {
  valid ??= corpusFiles().filter((file) => {
    try {
      prepareDefinition(corpusWorkflow(file), 'N8N', 5000, 'workflow');
      return true;
    } catch {
      return false;
    }
  });
  return valid;
}

/** Polls `read` until `done` holds (or fails the test after `timeoutMs`). */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await sleep(50);
    last = await read();
  }
  return last;
}

/** A batch's analyses grouped by status, and the workflows with more than one completed analysis. */
export async function batchRows(orm: Orm, batchId: string) {
  const rows = await orm.em
    .getConnection()
    .execute<{ status: string; n: string }[]>('select status, count(*) as n from analyses where batch_id = ? group by status', [batchId]);
  const [dup] = await orm.em
    .getConnection()
    .execute<{ n: string }[]>(
      `select count(*) as n from (select workflow_id from analyses where batch_id = ? and status = 'COMPLETED' group by workflow_id having count(*) > 1) d`,
      [batchId],
    );
  const [findings] = await orm.em
    .getConnection()
    .execute<{ stored: string; declared: string }[]>(
      `select (select count(*) from findings f join analyses a on a.id = f.analysis_id where a.batch_id = ?) as stored,
              (select coalesce(sum(finding_count), 0) from analyses where batch_id = ?) as declared`,
      [batchId, batchId],
    );
  return {
    byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
    duplicateWorkflows: Number(dup!.n),
    findingsStored: Number(findings!.stored),
    findingsDeclared: Number(findings!.declared),
  };
}
