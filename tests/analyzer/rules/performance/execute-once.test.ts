import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'performance/execute-once';

describe(RULE, () => {
  it('notes a node set to Execute Once', () => {
    const findings = runRule(n8nWorkflow({ nodes: [node('Send digest', 'slack', { executeOnce: true })] }), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Send digest', severity: 'INFO' });
  });

  it('ignores nodes without it', () => {
    const wf = n8nWorkflow({ nodes: [node('Send digest', 'slack', { executeOnce: false }), node('Post', 'slack')] });
    expect(runRule(wf, RULE)).toEqual([]);
  });
});
