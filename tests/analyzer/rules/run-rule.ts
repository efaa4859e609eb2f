import { expect } from 'vitest';
import { analyze } from '../../../src/analyzer/index.js';
import type { Finding } from '../../../src/analyzer/model.js';
import { findingsOf, type N8nWorkflowJson } from '../helpers.js';

/** Analyzes with one rule only and returns its findings; a rule that throws fails the test. */
export function runRule(workflow: N8nWorkflowJson, ruleId: string): Finding[] {
  const report = analyze(workflow, { rules: [ruleId] });
  expect(report.ruleErrors).toEqual([]);
  return findingsOf(report, ruleId);
}
