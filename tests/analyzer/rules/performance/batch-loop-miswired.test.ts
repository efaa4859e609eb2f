import { describe, expect, it } from 'vitest';
import { connections, n8nWorkflow, node, type EdgeSpec } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'performance/batch-loop-miswired';
const DONE = 0;
const LOOP = 1;

/** Trigger -> Loop; Loop's outputs and the body wired by `edges`. */
function loopWorkflow(edges: EdgeSpec[], typeVersion = 3) {
  return n8nWorkflow({
    nodes: [
      node('Start', 'manualTrigger'),
      node('Each contact', 'splitInBatches', { typeVersion }),
      node('Enrich', 'httpRequest'),
      node('Save', 'airtable'),
      node('Report', 'slack'),
    ],
    connections: connections(['Start', 'Each contact'], ...edges),
  });
}

describe(RULE, () => {
  it('accepts a loop whose loop output comes back through the body', () => {
    const wf = loopWorkflow([['Each contact', 'Report', DONE], ['Each contact', 'Enrich', LOOP], ['Enrich', 'Save'], ['Save', 'Each contact']]);
    expect(runRule(wf, RULE)).toEqual([]);
  });

  it('flags a loop output that never comes back', () => {
    const findings = runRule(loopWorkflow([['Each contact', 'Report', DONE], ['Each contact', 'Enrich', LOOP], ['Enrich', 'Save']]), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Each contact', severity: 'HIGH' });
    expect(findings[0]!.message).toContain('only the first batch');
  });

  it('flags swapped outputs: done feeds the body that comes back', () => {
    const wf = loopWorkflow([['Each contact', 'Enrich', DONE], ['Enrich', 'Save'], ['Save', 'Each contact'], ['Each contact', 'Report', LOOP]]);
    const findings = runRule(wf, RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('swapped');
  });

  it('flags a loop output with nothing connected', () => {
    const [finding] = runRule(loopWorkflow([['Each contact', 'Report', DONE]]), RULE);
    expect(finding!.message).toContain('nothing on its "loop" output');
  });

  it('accepts a loop body that goes through several branches before coming back', () => {
    const wf = n8nWorkflow({
      nodes: [
        node('Start', 'manualTrigger'),
        node('Each contact', 'splitInBatches', { typeVersion: 3 }),
        node('Known?', 'if'),
        node('Enrich', 'httpRequest'),
        node('Skip', 'noOp'),
      ],
      connections: connections(
        ['Start', 'Each contact'],
        ['Each contact', 'Known?', LOOP],
        ['Known?', 'Enrich', 0],
        ['Known?', 'Skip', 1],
        ['Enrich', 'Each contact'],
        ['Skip', 'Each contact'],
      ),
    });
    expect(runRule(wf, RULE)).toEqual([]);
  });

  it('checks the single output of SplitInBatches v1 comes back', () => {
    expect(runRule(loopWorkflow([['Each contact', 'Enrich'], ['Enrich', 'Save']], 1), RULE)).toHaveLength(1);
    expect(runRule(loopWorkflow([['Each contact', 'Enrich'], ['Enrich', 'Each contact']], 1), RULE)).toEqual([]);
  });
});
