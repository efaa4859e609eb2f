import { describe, expect, it } from 'vitest';
import type { Category, Finding, Severity } from '../../src/analyzer/model.js';
import { SCORE_FORMULA, countBySeverity, gradeFor, scoreFindings } from '../../src/analyzer/score.js';

function finding(ruleId: string, severity: Severity, category: Category = 'RELIABILITY', nodeName = 'A'): Finding {
  return { ruleId, category, severity, nodeId: null, nodeName, message: `${ruleId} on ${nodeName}`, remediation: '' };
}

function times(n: number, make: (i: number) => Finding): Finding[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

describe('health score', () => {
  it('gives 100 and grade A to a workflow without findings', () => {
    const score = scoreFindings([]);
    expect(score.overall).toBe(100);
    expect(score.grade).toBe('A');
    expect(score.passing).toBe(true);
    expect(Object.values(score.categories)).toEqual([100, 100, 100, 100, 100]);
    expect(score.deductions).toEqual([]);
  });

  it('deducts the severity points from the finding category only', () => {
    const score = scoreFindings([finding('reliability/x', 'MEDIUM', 'RELIABILITY')]);
    expect(score.categories.RELIABILITY).toBe(100 - SCORE_FORMULA.severityPoints.MEDIUM);
    expect(score.categories.SECURITY).toBe(100);
    const expected = 100 - SCORE_FORMULA.weights.RELIABILITY * SCORE_FORMULA.severityPoints.MEDIUM;
    expect(score.overall).toBe(Math.round(expected));
  });

  it('caps what one rule can take from a category and says so', () => {
    const many = times(20, (i) => finding('reliability/http-without-retry', 'LOW', 'RELIABILITY', `HTTP ${i}`));
    const score = scoreFindings(many);
    expect(score.categories.RELIABILITY).toBe(100 - SCORE_FORMULA.ruleCap.LOW);
    expect(score.deductions).toEqual([
      {
        ruleId: 'reliability/http-without-retry',
        category: 'RELIABILITY',
        findings: 20,
        points: SCORE_FORMULA.ruleCap.LOW,
        uncappedPoints: 20 * SCORE_FORMULA.severityPoints.LOW,
        capped: true,
      },
    ]);
  });

  it('caps each rule separately, so two rules together can take more than one cap', () => {
    const findings = [
      ...times(10, (i) => finding('reliability/a', 'LOW', 'RELIABILITY', `N${i}`)),
      ...times(10, (i) => finding('reliability/b', 'LOW', 'RELIABILITY', `N${i}`)),
    ];
    expect(scoreFindings(findings).categories.RELIABILITY).toBe(100 - 2 * SCORE_FORMULA.ruleCap.LOW);
  });

  it('uses the cap of the worst severity when one rule reports mixed severities', () => {
    const findings = [finding('security/unauthenticated-webhook', 'HIGH', 'SECURITY', 'W1'), finding('security/unauthenticated-webhook', 'MEDIUM', 'SECURITY', 'W2')];
    const [deduction] = scoreFindings(findings).deductions;
    expect(deduction?.points).toBe(Math.min(SCORE_FORMULA.severityPoints.HIGH + SCORE_FORMULA.severityPoints.MEDIUM, SCORE_FORMULA.ruleCap.HIGH));
  });

  it('never lets a category fall below 0', () => {
    const findings = times(6, (i) => finding(`security/rule-${i}`, 'CRITICAL', 'SECURITY'));
    expect(scoreFindings(findings).categories.SECURITY).toBe(0);
  });

  it('caps the overall score below passing when any finding is CRITICAL', () => {
    const score = scoreFindings([finding('structure/no-trigger', 'CRITICAL', 'STRUCTURE')]);
    // Without the cap: 100 - 0.25 * 50 = 88 (B).
    expect(score.overall).toBe(SCORE_FORMULA.criticalCap);
    expect(score.grade).toBe('F');
    expect(score.passing).toBe(false);
    expect(score.criticalCapApplied).toBe(true);
  });

  it('scores a file that is not a workflow 0, whatever its categories say', () => {
    const score = scoreFindings([finding('structure/invalid-workflow', 'CRITICAL', 'STRUCTURE')]);
    expect(score.overall).toBe(SCORE_FORMULA.invalidWorkflowScore);
    expect(score.grade).toBe('F');
    expect(score.categories.SECURITY).toBe(100);
  });

  it('does not deduct for INFO findings, which are advice', () => {
    const score = scoreFindings(times(30, (i) => finding('structure/manual-trigger-only', 'INFO', 'STRUCTURE', `N${i}`)));
    expect(score.overall).toBe(100);
    expect(score.deductions).toEqual([]);
  });

  it('grades at the documented boundaries', () => {
    expect([100, 90, 89, 80, 79, 70, 69, 60, 59, 0].map(gradeFor)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D', 'F', 'F']);
  });

  it('weights add up to 1 so a perfect workflow scores exactly 100', () => {
    const total = Object.values(SCORE_FORMULA.weights).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 10);
  });

  it('lists the largest deductions first', () => {
    const score = scoreFindings([finding('maintainability/x', 'LOW', 'MAINTAINABILITY'), finding('security/y', 'HIGH', 'SECURITY')]);
    expect(score.deductions.map((d) => d.ruleId)).toEqual(['security/y', 'maintainability/x']);
  });

  it('counts findings by severity', () => {
    const counts = countBySeverity([finding('a/a', 'HIGH'), finding('a/b', 'HIGH'), finding('a/c', 'INFO')]);
    expect(counts).toEqual({ CRITICAL: 0, HIGH: 2, MEDIUM: 0, LOW: 0, INFO: 1 });
  });
});
