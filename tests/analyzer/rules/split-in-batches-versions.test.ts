import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analyzer/index.js';
import { connections, findingsOf, n8nWorkflow, node, type EdgeSpec } from '../helpers.js';

/**
 * SplitInBatches outputs by version, as n8n's node sources declare them (`outputNames`):
 * V1 one output; V2 ['loop', 'done']; V3 ['done', 'loop']. Issue 11 item 4: a V2 loop was read
 * as V3 and gave a false HIGH exitless-cycle finding.
 */
const OUTPUTS = { 2: { loop: 0, done: 1 }, 3: { done: 0, loop: 1 } } as const;

function loopWorkflow(typeVersion: number, edges: EdgeSpec[], extra: { onError?: string } = {}) {
  return n8nWorkflow({
    nodes: [
      node('Every hour', 'scheduleTrigger'),
      node('Each row', 'splitInBatches', { typeVersion, ...extra }),
      node('Upload row', 'httpRequest', { retryOnFail: true }),
      node('Summary', 'slack'),
    ],
    connections: connections(['Every hour', 'Each row'], ...edges),
  });
}

function findings(wf: unknown, rule: string) {
  const report = analyze(wf, { rules: [rule] });
  expect(report.ruleErrors).toEqual([]);
  return findingsOf(report, rule);
}

describe('SplitInBatches versions', () => {
  it.each([2, 3] as const)('a correct V%i loop (body back to the node, done leads on) has no finding', (version) => {
    const { loop, done } = OUTPUTS[version];
    const wf = loopWorkflow(version, [['Each row', 'Upload row', loop], ['Upload row', 'Each row'], ['Each row', 'Summary', done]]);
    expect(findings(wf, 'structure/exitless-cycle')).toEqual([]);
    expect(findings(wf, 'performance/batch-loop-miswired')).toEqual([]);
    expect(findings(wf, 'structure/invalid-connection')).toEqual([]);
  });

  it.each([2, 3] as const)('a V%i loop with only its loop output wired still ends (done is unconnected)', (version) => {
    const wf = loopWorkflow(version, [['Each row', 'Upload row', OUTPUTS[version].loop], ['Upload row', 'Each row']]);
    expect(findings(wf, 'structure/exitless-cycle')).toEqual([]);
  });

  it.each([2, 3] as const)('a V%i loop whose done output is wired back into the loop never ends', (version) => {
    const { loop, done } = OUTPUTS[version];
    const wf = loopWorkflow(version, [['Each row', 'Upload row', loop], ['Each row', 'Upload row', done], ['Upload row', 'Each row']]);
    expect(findings(wf, 'structure/exitless-cycle')).toHaveLength(1);
  });

  it.each([2, 3] as const)('V%i: swapped outputs (done feeds the body that comes back) are reported', (version) => {
    const { loop, done } = OUTPUTS[version];
    const wf = loopWorkflow(version, [['Each row', 'Upload row', done], ['Upload row', 'Each row'], ['Each row', 'Summary', loop]]);
    const [finding, ...rest] = findings(wf, 'performance/batch-loop-miswired');
    expect(rest).toEqual([]);
    expect(finding!.message).toContain('swapped');
  });

  it('V2: a loop output that never comes back is reported; V1 has one output that must come back', () => {
    const v2 = loopWorkflow(2, [['Each row', 'Upload row', OUTPUTS[2].loop], ['Each row', 'Summary', OUTPUTS[2].done]]);
    expect(findings(v2, 'performance/batch-loop-miswired')[0]!.message).toContain('only the first batch');
    const v1 = loopWorkflow(1, [['Each row', 'Upload row'], ['Upload row', 'Each row']]);
    expect(findings(v1, 'performance/batch-loop-miswired')).toEqual([]);
    expect(findings(v1, 'structure/exitless-cycle')).toEqual([]);
  });

  it('V2 has two regular outputs: with continueErrorOutput the error output is index 2', () => {
    const wired = loopWorkflow(
      2,
      [['Each row', 'Upload row', 0], ['Upload row', 'Each row'], ['Each row', 'Summary', 1], ['Each row', 'Summary', 2]],
      { onError: 'continueErrorOutput' },
    );
    expect(findings(wired, 'reliability/error-output-unwired')).toEqual([]);
    expect(findings(wired, 'structure/invalid-connection')).toEqual([]);
    const unwired = loopWorkflow(2, [['Each row', 'Upload row', 0], ['Upload row', 'Each row'], ['Each row', 'Summary', 1]], {
      onError: 'continueErrorOutput',
    });
    expect(findings(unwired, 'reliability/error-output-unwired')).toHaveLength(1);
  });
});
