import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'maintainability/legacy-node';

describe(RULE, () => {
  it.each([
    ['start', 'Manual Trigger'],
    ['cron', 'Schedule Trigger'],
    ['function', 'Code node'],
    ['functionItem', 'Code node'],
  ])('notes a legacy %s node and names its successor', (type, successor) => {
    const findings = runRule(n8nWorkflow({ nodes: [node('Old', type)] }), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Old', severity: 'INFO' });
    expect(findings[0]!.message).toContain(successor);
  });

  it('accepts the current nodes', () => {
    const wf = n8nWorkflow({ nodes: [node('A', 'manualTrigger'), node('B', 'scheduleTrigger'), node('C', 'code')] });
    expect(runRule(wf, RULE)).toEqual([]);
  });
});
