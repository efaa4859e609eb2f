import { CATEGORIES, SEVERITIES, type Category, type Finding, type Severity } from './model.js';

/**
 * The health score, as data so the API can serve the formula it applies.
 *
 * Each category starts at 100. Every finding deducts points by severity, but one rule can take
 * at most `ruleCap[severity of its worst finding]` from a category: nearly universal problems
 * (an HTTP node without retry, a default node name) must count without sinking every workflow.
 * A category never goes below 0. The overall score is the weighted mean of the categories,
 * rounded; any CRITICAL finding caps it at `criticalCap`, below the passing grade, and a file
 * that is not a workflow (structure/invalid-workflow) scores `invalidWorkflowScore`.
 *
 * The numbers were tuned on the 227 real workflows of the public n8n corpus (a copy is in tests/fixtures/corpus/n8n): with a weighted mean
 * over five categories, smaller points (e.g. 40/15/6/2) put 95% of them at A even when they
 * have no error handling and an open webhook. These give a median of 88 (B) and every grade in
 * use; see docs/analyzer.md for the distribution.
 */
export const SCORE_FORMULA = {
  severityPoints: { CRITICAL: 50, HIGH: 40, MEDIUM: 30, LOW: 6, INFO: 0 },
  ruleCap: { CRITICAL: 100, HIGH: 80, MEDIUM: 60, LOW: 36, INFO: 0 },
  weights: { SECURITY: 0.3, STRUCTURE: 0.25, RELIABILITY: 0.2, PERFORMANCE: 0.1, MAINTAINABILITY: 0.15 },
  criticalCap: 59,
  /** Overall score of a file that is not a workflow at all: there is nothing healthy in it. */
  invalidWorkflowScore: 0,
  /** Lowest overall score for each grade, best first; below the last one the grade is F. */
  grades: [
    { grade: 'A', min: 90 },
    { grade: 'B', min: 80 },
    { grade: 'C', min: 70 },
    { grade: 'D', min: 60 },
  ],
  passingGrades: ['A', 'B', 'C', 'D'],
} as const satisfies {
  severityPoints: Record<Severity, number>;
  ruleCap: Record<Severity, number>;
  weights: Record<Category, number>;
  criticalCap: number;
  invalidWorkflowScore: number;
  grades: readonly { grade: string; min: number }[];
  passingGrades: readonly string[];
};

const INVALID_WORKFLOW_RULE = 'structure/invalid-workflow';

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

/** One rule's total effect on one category. */
export interface Deduction {
  ruleId: string;
  category: Category;
  /** Findings of this rule in this category. */
  findings: number;
  /** Points actually deducted (after the rule cap). */
  points: number;
  /** Points before the cap. */
  uncappedPoints: number;
  capped: boolean;
}

export interface HealthScore {
  overall: number;
  grade: Grade;
  passing: boolean;
  categories: Record<Category, number>;
  /** Why the score is not 100: every rule that deducted points, largest first. */
  deductions: Deduction[];
  /** True when a CRITICAL finding lowered the overall score to the critical cap. */
  criticalCapApplied: boolean;
}

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

export function scoreFindings(findings: readonly Finding[]): HealthScore {
  const byRule = new Map<string, { ruleId: string; category: Category; findings: number; points: number; worst: number }>();
  for (const finding of findings) {
    const key = `${finding.category}\u0000${finding.ruleId}`;
    const entry = byRule.get(key) ?? { ruleId: finding.ruleId, category: finding.category, findings: 0, points: 0, worst: SEVERITIES.length };
    entry.findings += 1;
    entry.points += SCORE_FORMULA.severityPoints[finding.severity];
    entry.worst = Math.min(entry.worst, SEVERITIES.indexOf(finding.severity));
    byRule.set(key, entry);
  }

  const deductions: Deduction[] = [];
  const lost = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const entry of byRule.values()) {
    if (entry.points === 0) continue;
    const cap = SCORE_FORMULA.ruleCap[SEVERITIES[entry.worst] as Severity];
    const points = Math.min(entry.points, cap);
    lost[entry.category] += points;
    deductions.push({
      ruleId: entry.ruleId,
      category: entry.category,
      findings: entry.findings,
      points,
      uncappedPoints: entry.points,
      capped: points < entry.points,
    });
  }
  deductions.sort((a, b) => b.points - a.points || cmp(a.category, b.category) || cmp(a.ruleId, b.ruleId));

  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, Math.max(0, 100 - lost[c])])) as Record<Category, number>;
  const weighted = CATEGORIES.reduce((sum, c) => sum + SCORE_FORMULA.weights[c] * categories[c], 0);
  let overall = Math.round(weighted);
  const hasCritical = findings.some((f) => f.severity === 'CRITICAL');
  const criticalCapApplied = hasCritical && overall > SCORE_FORMULA.criticalCap;
  if (criticalCapApplied) overall = SCORE_FORMULA.criticalCap;
  if (findings.some((f) => f.ruleId === INVALID_WORKFLOW_RULE)) overall = SCORE_FORMULA.invalidWorkflowScore;

  const grade = gradeFor(overall);
  return {
    overall,
    grade,
    passing: (SCORE_FORMULA.passingGrades as readonly string[]).includes(grade),
    categories,
    deductions,
    criticalCapApplied,
  };
}

export function gradeFor(overall: number): Grade {
  for (const { grade, min } of SCORE_FORMULA.grades) if (overall >= min) return grade;
  return 'F';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
