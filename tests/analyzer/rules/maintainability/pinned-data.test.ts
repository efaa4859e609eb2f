import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'maintainability/pinned-data';
const nodes = [node('Fetch orders', 'httpRequest'), node('Shape', 'set')];

describe(RULE, () => {
  it('flags each node with pinned data', () => {
    const wf = n8nWorkflow({ nodes, pinData: { 'Fetch orders': [{ json: { id: 1 } }] } });
    const findings = runRule(wf, RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Fetch orders', severity: 'LOW' });
  });

  it('accepts no pinData, an empty object, or an empty pin', () => {
    expect(runRule(n8nWorkflow({ nodes }), RULE)).toEqual([]);
    expect(runRule(n8nWorkflow({ nodes, pinData: {} }), RULE)).toEqual([]);
    expect(runRule(n8nWorkflow({ nodes, pinData: { Shape: [] } }), RULE)).toEqual([]);
  });
});
