import { CATEGORIES, SEVERITIES, type AnalysisReport, type Finding, type Severity } from '../analyzer/index.js';
import type { FileOutcome } from './analyze-file.js';
import { noColor, type Paint, type Style } from './colors.js';

/** Human-readable renderings of analysis reports for the terminal (coloured only when asked). */

const CATEGORY_LABELS: Record<(typeof CATEGORIES)[number], string> = {
  STRUCTURE: 'Structure',
  SECURITY: 'Security',
  RELIABILITY: 'Reliability',
  PERFORMANCE: 'Performance',
  MAINTAINABILITY: 'Maintainability',
};

const SEVERITY_STYLES: Record<Severity, Style> = { CRITICAL: 'red', HIGH: 'magenta', MEDIUM: 'yellow', LOW: 'cyan', INFO: 'dim' };

function gradeStyle(grade: string): Style {
  return grade === 'A' || grade === 'B' ? 'green' : grade === 'C' ? 'yellow' : 'red';
}

/** How rows are judged: what makes the run fail (exit 1) is marked FAIL on its row. */
export interface Verdict {
  minScore?: number;
  allowInvalid: boolean;
}

/** Why this file makes the run fail, or undefined. */
export function failureOf(outcome: FileOutcome, verdict: Verdict): string | undefined {
  if (outcome.status === 'skipped') return undefined;
  if (outcome.status === 'error') return 'could not be read';
  if (outcome.summary.invalid) return verdict.allowInvalid ? undefined : 'not a workflow';
  if (verdict.minScore !== undefined && outcome.summary.score < verdict.minScore) return `under --min-score ${verdict.minScore}`;
  return undefined;
}

/** One workflow in full: score, categories, deductions, findings grouped by severity. */
export function renderReport(file: string, report: AnalysisReport, verdict: Verdict, paint: Paint = noColor): string {
  const lines: string[] = [];
  const name = report.workflowName ? ` — ${JSON.stringify(report.workflowName)}` : '';
  lines.push(paint('bold', `${file}${name}`));
  const { score } = report;
  lines.push(
    `Score ${score.overall}/100, grade ${paint(gradeStyle(score.grade), score.grade)} (${score.passing ? 'passing' : 'not passing'})` +
      `  [${report.format}, ${report.nodeCount} nodes, ${report.edgeCount} connections, ruleset ${report.rulesetVersion}]`,
  );
  lines.push(`  ${CATEGORIES.map((c) => `${CATEGORY_LABELS[c]} ${score.categories[c]}`).join('  ')}`);
  if (score.criticalCapApplied) lines.push('  Capped below passing by a CRITICAL finding.');
  if (score.deductions.length > 0) {
    lines.push('', 'Deductions');
    for (const d of score.deductions) {
      const cap = d.capped ? ` (capped from ${d.uncappedPoints})` : '';
      lines.push(`  -${d.points} ${CATEGORY_LABELS[d.category]}: ${d.ruleId}, ${plural(d.findings, 'finding')}${cap}`);
    }
  }
  if (report.findings.length === 0) {
    lines.push('', 'No findings.');
  }
  for (const severity of SEVERITIES) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push('', paint(SEVERITY_STYLES[severity], `${severity} (${group.length})`));
    for (const finding of group) lines.push(...renderFinding(finding));
  }
  for (const error of report.ruleErrors) lines.push('', `Rule ${error.ruleId} failed and was skipped: ${error.message}`);
  const invalid = report.findings.some((f) => f.ruleId === 'structure/invalid-workflow');
  if (invalid && !verdict.allowInvalid) lines.push('', paint('red', 'FAIL: not a workflow (--allow-invalid skips such files)'));
  else if (!invalid && verdict.minScore !== undefined && score.overall < verdict.minScore) {
    lines.push('', paint('red', `FAIL: under --min-score ${verdict.minScore}`));
  }
  return `${lines.join('\n')}\n`;
}

function renderFinding(finding: Finding): string[] {
  return [`  ${finding.ruleId}: ${finding.message}`, `      fix: ${finding.remediation}`];
}

/**
 * Many workflows: a table streamed row by row (fixed column widths, since later rows are not known
 * yet), then totals. The first column says FAIL on each row that makes the run exit 1.
 */
const HEADER = ['', 'SCORE', 'GRADE', 'CRIT', 'HIGH', 'MED', 'LOW', 'INFO', 'FILE'];
const WIDTHS = [4, 5, 5, 4, 4, 4, 4, 4];

function formatRow(cells: string[], paint: Paint, styles: (Style | undefined)[] = []): string {
  return cells
    .map((cell, i) => {
      const padded = i === cells.length - 1 ? cell : i === 0 ? cell.padEnd(WIDTHS[i]!) : cell.padStart(WIDTHS[i]!);
      const style = styles[i];
      return style ? paint(style, padded) : padded;
    })
    .join('  ')
    .trimEnd();
}

export function renderTableHeader(paint: Paint = noColor): string {
  return `${formatRow(HEADER, paint, HEADER.map(() => 'bold'))}\n`;
}

export function renderTableRow(outcome: FileOutcome, verdict: Verdict, paint: Paint = noColor): string {
  if (outcome.status === 'skipped') return '';
  const failure = failureOf(outcome, verdict);
  const mark = failure ? 'FAIL' : '';
  if (outcome.status === 'error') {
    return `${formatRow([mark, '-', '-', '-', '-', '-', '-', '-', `${outcome.file}  (error: ${outcome.message})`], paint, ['red'])}\n`;
  }
  const { summary } = outcome;
  const note = summary.invalid ? `  (not a workflow${verdict.allowInvalid ? ', skipped' : ''}${summary.invalidReason ? `: ${summary.invalidReason}` : ''})` : '';
  const cells = [mark, String(summary.score), summary.grade, ...SEVERITIES.map((s) => String(summary.counts[s])), `${outcome.file}${note}`];
  return `${formatRow(cells, paint, [mark ? 'red' : undefined, undefined, gradeStyle(summary.grade)])}\n`;
}

/** Totals over a run, gathered as outcomes arrive; also what the exit code is decided from. */
export class RunTotals {
  readonly grades = new Map<string, number>();
  scored = 0;
  scoreSum = 0;
  errors = 0;
  invalid = 0;
  skipped = 0;
  underMin = 0;
  failing = 0;
  /** rule id -> [findings, files]. */
  readonly rules = new Map<string, [number, number]>();

  constructor(private readonly verdict: Verdict) {}

  add(outcome: FileOutcome): void {
    if (failureOf(outcome, this.verdict) !== undefined) this.failing += 1;
    if (outcome.status === 'skipped') this.skipped += 1;
    else if (outcome.status === 'error') this.errors += 1;
    else {
      const { summary } = outcome;
      if (summary.invalid) this.invalid += 1;
      if (summary.invalid && this.verdict.allowInvalid) return;
      this.scored += 1;
      this.scoreSum += summary.score;
      this.grades.set(summary.grade, (this.grades.get(summary.grade) ?? 0) + 1);
      if (this.verdict.minScore !== undefined && summary.score < this.verdict.minScore) this.underMin += 1;
      for (const [ruleId, count] of Object.entries(summary.rules)) {
        const totals = this.rules.get(ruleId) ?? [0, 0];
        totals[0] += count;
        totals[1] += 1;
        this.rules.set(ruleId, totals);
      }
    }
  }

  /** The rules with the most findings, most first (ties by id). */
  topRules(limit: number): { ruleId: string; findings: number; files: number }[] {
    return [...this.rules]
      .map(([ruleId, [findings, files]]) => ({ ruleId, findings, files }))
      .sort((a, b) => b.findings - a.findings || (a.ruleId < b.ruleId ? -1 : 1))
      .slice(0, limit);
  }
}

export const TOP_RULES = 5;

export function renderTotals(totals: RunTotals, verdict: Verdict, paint: Paint = noColor): string {
  const lines: string[] = [];
  const gradeList = ['A', 'B', 'C', 'D', 'F'].map((g) => `${paint(gradeStyle(g), g)} ${totals.grades.get(g) ?? 0}`).join(', ');
  const mean = totals.scored ? totals.scoreSum / totals.scored : 0;
  lines.push('', `${plural(totals.scored, 'workflow')}: ${gradeList}; mean score ${mean.toFixed(1)}`);
  if (totals.invalid > 0) {
    lines.push(
      verdict.allowInvalid
        ? `${plural(totals.invalid, 'file')} not a workflow, skipped (--allow-invalid)`
        : paint('red', `${plural(totals.invalid, 'file')} not a workflow (exit 1; --allow-invalid skips such files)`),
    );
  }
  if (totals.errors > 0) lines.push(paint('red', `${plural(totals.errors, 'file')} could not be read`));
  if (totals.skipped > 0) lines.push(`${plural(totals.skipped, 'path')} skipped: not regular files`);
  if (verdict.minScore !== undefined) {
    const text = `${plural(totals.underMin, 'workflow')} under --min-score ${verdict.minScore}`;
    lines.push(totals.underMin > 0 ? paint('red', text) : text);
  }
  const top = totals.topRules(TOP_RULES);
  if (top.length > 0) {
    lines.push('', 'Most frequent rules:');
    const width = Math.max(...top.map((r) => String(r.findings).length));
    const filesWidth = Math.max(...top.map((r) => String(r.files).length));
    for (const rule of top) {
      const findings = `${String(rule.findings).padStart(width)} ${rule.findings === 1 ? 'finding ' : 'findings'}`;
      const files = `${String(rule.files).padStart(filesWidth)} ${rule.files === 1 ? 'file ' : 'files'}`;
      lines.push(`  ${findings} in ${files}  ${rule.ruleId}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
