import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'maintainability/too-large';

function workflowOf(actions: number, notes = 0) {
  const nodes = [
    ...Array.from({ length: actions }, (_, i) => node(`Step ${i + 1}`, 'set')),
    ...Array.from({ length: notes }, (_, i) => node(`Note ${i + 1}`, 'stickyNote')),
  ];
  return n8nWorkflow({ nodes });
}

describe(RULE, () => {
  it('notes more than 20 nodes at INFO and more than 50 at MEDIUM', () => {
    expect(runRule(workflowOf(21), RULE).map((f) => f.severity)).toEqual(['INFO']);
    expect(runRule(workflowOf(51), RULE).map((f) => f.severity)).toEqual(['MEDIUM']);
    expect(runRule(workflowOf(51), RULE)[0]!.message).toContain('51 nodes');
  });

  it('accepts 20 nodes, not counting sticky notes', () => {
    expect(runRule(workflowOf(20, 40), RULE)).toEqual([]);
  });
});
