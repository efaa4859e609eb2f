import { expect } from 'vitest';
import { analyze } from '../../../../src/analyzer/index.js';
import type { Finding } from '../../../../src/analyzer/model.js';
import { findingsOf } from '../../helpers.js';

/** Findings of one structure rule, run alone; a rule that throws fails the test. */
export function structureFindings(workflow: unknown, ruleId: string): Finding[] {
  const report = analyze(workflow, { rules: [ruleId] });
  expect(report.ruleErrors).toEqual([]);
  return findingsOf(report, ruleId);
}
