import { CATEGORIES, SEVERITIES, type AnalysisReport, type Finding } from '../analyzer/index.js';

/** Human-readable renderings of analysis reports for the terminal (no colours: they get piped). */

export type FileResult = { file: string; report: AnalysisReport } | { file: string; error: string };

const CATEGORY_LABELS: Record<(typeof CATEGORIES)[number], string> = {
  STRUCTURE: 'Structure',
  SECURITY: 'Security',
  RELIABILITY: 'Reliability',
  PERFORMANCE: 'Performance',
  MAINTAINABILITY: 'Maintainability',
};

/** One workflow in full: score, categories, deductions, findings grouped by severity. */
export function renderReport(file: string, report: AnalysisReport): string {
  const lines: string[] = [];
  const name = report.workflowName ? ` — ${JSON.stringify(report.workflowName)}` : '';
  lines.push(`${file}${name}`);
  const { score } = report;
  lines.push(
    `Score ${score.overall}/100, grade ${score.grade} (${score.passing ? 'passing' : 'not passing'})` +
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
    lines.push('', `${severity} (${group.length})`);
    for (const finding of group) lines.push(...renderFinding(finding));
  }
  for (const error of report.ruleErrors) lines.push('', `Rule ${error.ruleId} failed and was skipped: ${error.message}`);
  return `${lines.join('\n')}\n`;
}

function renderFinding(finding: Finding): string[] {
  return [`  ${finding.ruleId}: ${finding.message}`, `      fix: ${finding.remediation}`];
}

/** Many workflows: one row each, then totals. */
export function renderSummary(results: readonly FileResult[], minScore: number | undefined): string {
  const header = ['SCORE', 'GRADE', 'CRIT', 'HIGH', 'MED', 'LOW', 'INFO', 'FILE'];
  const rows = results.map((r) =>
    'error' in r
      ? ['-', '-', '-', '-', '-', '-', '-', `${r.file}  (error: ${r.error})`]
      : [
          String(r.report.score.overall),
          r.report.score.grade,
          ...SEVERITIES.map((s) => String(r.report.counts[s])),
          r.file,
        ],
  );
  const widths = header.map((h, i) => (i === header.length - 1 ? 0 : Math.max(h.length, ...rows.map((row) => row[i]!.length))));
  const format = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padStart(widths[i]!))).join('  ');
  const lines = [format(header), ...rows.map(format)];

  const reports = results.flatMap((r) => ('report' in r ? [r.report] : []));
  const grades = new Map<string, number>();
  for (const r of reports) grades.set(r.score.grade, (grades.get(r.score.grade) ?? 0) + 1);
  const mean = reports.length ? reports.reduce((sum, r) => sum + r.score.overall, 0) / reports.length : 0;
  const gradeList = ['A', 'B', 'C', 'D', 'F'].map((g) => `${g} ${grades.get(g) ?? 0}`).join(', ');
  lines.push('', `${plural(results.length, 'workflow')}: ${gradeList}; mean score ${mean.toFixed(1)}`);
  const errors = results.length - reports.length;
  if (errors > 0) lines.push(`${plural(errors, 'file')} could not be read`);
  if (minScore !== undefined) {
    const under = reports.filter((r) => r.score.overall < minScore).length;
    lines.push(`${plural(under, 'workflow')} under --min-score ${minScore}`);
  }
  return `${lines.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
