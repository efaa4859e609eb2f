import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { analyze, RULESET_VERSION, type AnalysisReport } from '../analyzer/index.js';
import { Analysis, Workflow } from '../db/entities/index.js';
import type { TenantScope } from '../db/tenant-scope.js';
import { fromRow } from '../db/rows.js';
import { findingRows } from '../db/finding-rows.js';
import { WorkflowRepository } from '../db/repositories/workflows.js';

/** Where an analysis request came from: the API (one workflow) or a batch job. */
export type AnalysisSource = 'api' | 'batch';

/**
 * What the analysis service reports to whoever watches it (the app's metrics). The service
 * stays free of any metrics library; the app passes an observer in.
 */
export interface AnalysisObserver {
  /** The analyzer ran and its result was recorded. */
  analyzed(run: { source: AnalysisSource; durationSeconds: number; healthScore: number; findings: readonly { ruleId: string; severity: string }[] }): void;
  /** An earlier result of identical content was copied instead. */
  reused(source: AnalysisSource): void;
  /** The workflow was found but the analysis could not be recorded. */
  failed(source: AnalysisSource): void;
}

export interface AnalyzeOptions {
  observer?: AnalysisObserver;
  /** Default: `api`. */
  source?: AnalysisSource;
}

export interface AnalyzeResult {
  analysis: Analysis;
  /** True when an earlier analysis of identical content under the same ruleset was reused. */
  reused: boolean;
}

/**
 * Analyses a stored workflow now and records the Analysis, its Findings and the workflow's
 * latest score in one transaction. Identical content under the same ruleset is not analysed
 * twice: the newest completed analysis with the same content hash in the organization is copied
 * (a new history entry pointing at the original through `reusedFromId`).
 */
export async function analyzeStoredWorkflow(
  em: EntityManager,
  scope: TenantScope,
  workflowId: string,
  requestedBy: string | null,
  options: AnalyzeOptions = {},
): Promise<AnalyzeResult> {
  const { observer, source = 'api' } = options;
  // An unknown or invisible workflow is the caller's mistake (NOT_FOUND), not a failed analysis.
  const workflow = await new WorkflowRepository(em, scope).get(workflowId, { withSource: true });
  let run: AnalyzerRun | null = null;
  let result: AnalyzeResult;
  try {
    result = await em.transactional(async (tx) => {
      // Same content, same ruleset, read as the same format (a file forced to NATIVE reads
      // differently from the same file as N8N), in a location the caller may read: reusing (and
      // pointing at) an analysis elsewhere would tell the caller that content exists there.
      const [match] = await tx.execute<Record<string, unknown>[]>(
        `select a.* from analyses a join workflows w on w.id = a.workflow_id
          where a.organization_id = ? and a.location_id = any(?::uuid[]) and a.content_hash = ? and a.ruleset_version = ? and a.status = 'COMPLETED' and w.format = ?
          order by a.created_at desc, a.id desc limit 1`,
        [scope.organizationId, scope.locationArray, workflow.contentHash, RULESET_VERSION, workflow.format],
      );
      const previous = match ? fromRow<Analysis>(match) : null;
      run = previous ? null : runAnalyzer(workflow);
      const analysis = run ? await recordReport(tx, workflow, run, requestedBy) : await copyAnalysis(tx, previous!, workflow, requestedBy, scope);
      await tx.nativeUpdate(
        Workflow,
        { id: workflow.id, organizationId: scope.organizationId },
        { latestAnalysisId: analysis.id, latestScore: analysis.healthScore, latestGrade: analysis.grade },
      );
      return { analysis, reused: !!previous };
    });
  } catch (error) {
    observer?.failed(source);
    throw error;
  }
  // Reported once committed, so what is counted is what was recorded.
  const analyzed = run as AnalyzerRun | null;
  if (analyzed) {
    observer?.analyzed({ source, durationSeconds: analyzed.seconds, healthScore: analyzed.report.score.overall, findings: analyzed.report.findings });
  } else {
    observer?.reused(source);
  }
  return result;
}

interface AnalyzerRun {
  report: AnalysisReport;
  durationMs: number;
  /** The same time, unrounded, for the duration histogram. */
  seconds: number;
}

function runAnalyzer(workflow: Workflow): AnalyzerRun {
  const started = performance.now();
  const report = analyze(workflow.source, { format: workflow.format });
  const elapsed = performance.now() - started;
  return { report, durationMs: Math.round(elapsed), seconds: elapsed / 1000 };
}

type ResultFields = Pick<Analysis, 'rulesetVersion' | 'healthScore' | 'grade' | 'categoryScores' | 'counts' | 'findingCount' | 'durationMs'> &
  Partial<Pick<Analysis, 'reusedFromId'>>;

/** A COMPLETED history entry of the workflow's current version (persisted on the next flush). */
function createCompleted(tx: EntityManager, workflow: Workflow, requestedBy: string | null, result: ResultFields): Analysis {
  const now = new Date();
  return tx.create(Analysis, {
    id: randomUUID(),
    organizationId: workflow.organizationId,
    locationId: workflow.locationId,
    workflowId: workflow.id,
    workflowVersion: workflow.version,
    contentHash: workflow.contentHash,
    status: 'COMPLETED',
    requestedBy,
    createdAt: now,
    startedAt: now,
    completedAt: now,
    ...result,
  });
}

async function recordReport(tx: EntityManager, workflow: Workflow, run: AnalyzerRun, requestedBy: string | null): Promise<Analysis> {
  const { report } = run;
  const analysis = createCompleted(tx, workflow, requestedBy, {
    rulesetVersion: report.rulesetVersion,
    healthScore: report.score.overall,
    grade: report.score.grade,
    categoryScores: report.score.categories,
    counts: report.counts,
    findingCount: report.findings.length,
    durationMs: run.durationMs,
  });
  await tx.flush();
  if (report.findings.length > 0) {
    // One statement for all findings: a 5,000-node workflow can have thousands.
    await tx.execute(
      `insert into findings (analysis_id, location_id, position, rule_id, severity, category, node_id, node_name, message, remediation)
       select ?, ?, f.position, f.rule_id, f.severity, f.category, f.node_id, f.node_name, f.message, f.remediation
       from jsonb_to_recordset(?::jsonb) as f(position int, rule_id text, severity text, category text, node_id text, node_name text, message text, remediation text)`,
      [
        analysis.id,
        workflow.locationId,
        JSON.stringify(findingRows(report.findings)),
      ],
    );
  }
  return analysis;
}

async function copyAnalysis(tx: EntityManager, source: Analysis, workflow: Workflow, requestedBy: string | null, scope: TenantScope): Promise<Analysis> {
  // The original of a copy may sit in a location this caller cannot see: then the visible copy
  // is what this one points at.
  const [original] = source.reusedFromId
    ? await tx.execute<{ location_id: string }[]>('select location_id from analyses where id = ?', [source.reusedFromId])
    : [];
  const analysis = createCompleted(tx, workflow, requestedBy, {
    rulesetVersion: source.rulesetVersion,
    healthScore: source.healthScore,
    grade: source.grade,
    categoryScores: source.categoryScores,
    counts: source.counts,
    findingCount: source.findingCount,
    durationMs: 0,
    reusedFromId: source.reusedFromId && original && scope.canSeeLocation(original.location_id) ? source.reusedFromId : source.id,
  });
  await tx.flush();
  await tx.execute(
    `insert into findings (analysis_id, location_id, position, rule_id, severity, category, node_id, node_name, message, remediation)
     select ?, ?, position, rule_id, severity, category, node_id, node_name, message, remediation from findings where analysis_id = ?`,
    [analysis.id, workflow.locationId, source.id],
  );
  return analysis;
}
