import { analyze, type AnalysisReport, type SeverityCounts, type WorkflowFormat } from '../analyzer/index.js';
import { WorkflowLocator } from './json-locations.js';
import { NotRegularFileError, readWorkflowFile } from './read-workflow-file.js';
import { sarifResults, type SarifResult } from './sarif.js';

/** The rule the importers report for a file that is not a workflow at all. */
const INVALID_WORKFLOW = 'structure/invalid-workflow';

/** What the printer needs from each file; decides how much work a worker does and sends back. */
export type OutputMode = 'report' | 'table' | 'json' | 'sarif';

export interface FileJobOptions {
  mode: OutputMode;
  format?: WorkflowFormat;
  rules?: string[];
  maxBytes: number;
}

export interface FileJob {
  /** Position in the input: results are printed in this order. */
  index: number;
  /** The path to open. */
  path: string;
  /** The path as printed: relative to the current folder. */
  file: string;
}

/** The small facts the table, the totals and the exit code need. */
export interface ReportSummary {
  score: number;
  grade: string;
  counts: SeverityCounts;
  /** Not a workflow at all (invalid JSON, no nodes…): structure/invalid-workflow. */
  invalid: boolean;
  /** What makes it not a workflow (the invalid-workflow finding's message). */
  invalidReason?: string;
  /** Findings per rule id. */
  rules: Record<string, number>;
}

export type FileOutcome = {
  index: number;
  file: string;
} & (
  | {
      status: 'analysed';
      summary: ReportSummary;
      /** `{ file, report }` as JSON text (json mode): serialized where it was analysed, off the printing thread. */
      json?: string;
      sarif?: SarifResult[];
      /** The whole report (report mode: one file printed in full). */
      report?: AnalysisReport;
    }
  | { status: 'error'; message: string; json?: string }
  | { status: 'skipped'; message: string }
);

/** Reads, analyses and prepares one file's output. Never throws: a failure is an outcome. */
export function analyzeFileJob(job: FileJob, options: FileJobOptions): FileOutcome {
  const { index, file } = job;
  let text: string;
  try {
    text = readWorkflowFile(job.path, options.maxBytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof NotRegularFileError) return { index, file, status: 'skipped', message };
    return { index, file, status: 'error', message, json: options.mode === 'json' ? JSON.stringify({ file, error: message }) : undefined };
  }
  // analyze() never throws on bad input: a file that is not a workflow gets a report saying so.
  const report = analyze(text, { format: options.format, rules: options.rules });
  const rules: Record<string, number> = Object.create(null);
  for (const finding of report.findings) rules[finding.ruleId] = (rules[finding.ruleId] ?? 0) + 1;
  const summary: ReportSummary = {
    score: report.score.overall,
    grade: report.score.grade,
    counts: report.counts,
    invalid: rules[INVALID_WORKFLOW] !== undefined,
    invalidReason: report.findings.find((f) => f.ruleId === INVALID_WORKFLOW)?.message,
    rules,
  };
  return {
    index,
    file,
    status: 'analysed',
    summary,
    json: options.mode === 'json' ? JSON.stringify({ file, report }) : undefined,
    sarif: options.mode === 'sarif' ? sarifResults(file, report.findings, new WorkflowLocator(text)) : undefined,
    report: options.mode === 'report' ? report : undefined,
  };
}
