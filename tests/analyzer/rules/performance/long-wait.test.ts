import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'performance/long-wait';

const waitNode = (parameters: Record<string, unknown>, typeVersion = 1.1) =>
  n8nWorkflow({ nodes: [node('Wait for reply', 'wait', { typeVersion, parameters })] });

describe(RULE, () => {
  it('flags a wait longer than 7 days', () => {
    const findings = runRule(waitNode({ resume: 'timeInterval', amount: 14, unit: 'days' }), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Wait for reply', severity: 'LOW' });
    expect(findings[0]!.message).toContain('14 days');
  });

  it('uses n8n defaults: resume after an interval, unit hours in v1', () => {
    expect(runRule(waitNode({ amount: 200 }, 1), RULE)).toHaveLength(1); // 200 h
    expect(runRule(waitNode({ amount: 200 }, 1.1), RULE)).toEqual([]); // 200 s
  });

  it('accepts 7 days exactly and shorter waits', () => {
    expect(runRule(waitNode({ amount: 7, unit: 'days' }), RULE)).toEqual([]);
    expect(runRule(waitNode({ amount: 48, unit: 'hours' }), RULE)).toEqual([]);
  });

  it('ignores webhook resumes and amounts computed by expressions', () => {
    expect(runRule(waitNode({ resume: 'webhook', amount: 30, unit: 'days' }), RULE)).toEqual([]);
    expect(runRule(waitNode({ amount: '={{ $json.days }}', unit: 'days' }), RULE)).toEqual([]);
  });
});
