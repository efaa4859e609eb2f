import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/analyzer/index.js';
import { SECRET_CASES } from '../../fixtures/secret-cases.js';

const RULE = 'security/hardcoded-secret';

/** Issue 11 acceptance: precision >= 90% and recall >= 95% on the labelled fixture set. */
describe(`${RULE} on the labelled fixture set`, () => {
  const results = SECRET_CASES.map((c) => {
    const report = analyze(c.workflow, { rules: [RULE] });
    return { ...c, flagged: report.findings.some((f) => f.ruleId === RULE), ruleErrors: report.ruleErrors };
  });
  const truePositives = results.filter((r) => r.secret && r.flagged);
  const falsePositives = results.filter((r) => !r.secret && r.flagged);
  const missed = results.filter((r) => r.secret && !r.flagged);
  const positives = results.filter((r) => r.secret).length;

  it('covers enough cases of both labels to measure', () => {
    expect(positives).toBeGreaterThanOrEqual(60);
    expect(results.length - positives).toBeGreaterThanOrEqual(100);
    expect(results.flatMap((r) => r.ruleErrors)).toEqual([]);
  });

  it('has a precision of at least 90%', () => {
    const precision = truePositives.length / (truePositives.length + falsePositives.length);
    expect(precision, `false positives: ${falsePositives.map((r) => r.label).join('; ')}`).toBeGreaterThanOrEqual(0.9);
  });

  it('has a recall of at least 95%', () => {
    const recall = truePositives.length / positives;
    expect(recall, `missed: ${missed.map((r) => r.label).join('; ')}`).toBeGreaterThanOrEqual(0.95);
  });
});
