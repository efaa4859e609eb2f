import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const source = corpusWorkflow(files[i % files.length]!);
    if (options.distinct !== false && i >= files.length) source.name = `${String(source.name)} (copy ${Math.floor(i / files.length)})`;
    const prepared = prepareDefinition(source, 'N8N', 5000, 'workflow');
    // A fresh EntityManager each time: one that keeps every workflow makes each flush slower.
    const workflow = await createWorkflow(orm.em.fork(), scope, { locationId: tenant.location.id, prepared });
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

/**
 * `npm run worker` as a separate process on the test app's database and queue; resolves once it
 * runs. `kill()` sends a signal (SIGKILL by default) and waits for the exit.
 */
export async function spawnWorker(app: { databaseUrl: string; config: { QUEUE_PREFIX: string } }, redisUrl: string | null, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: app.databaseUrl,
      REDIS_URL: redisUrl ?? '',
      QUEUE_PREFIX: app.config.QUEUE_PREFIX,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`worker exited (${code}) before it ran:\n${output}`)));
  });
  return {
    output: () => output,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The events of a GraphQL subscription answered over Server-Sent Events, as they arrive. */
export async function* sseEvents(response: Response): AsyncGenerator<{ data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any> }> }> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n');
        if (event === 'complete') return;
        if (data) yield JSON.parse(data);
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
