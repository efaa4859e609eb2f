import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/analyzer/index.js';
import { connections, n8nWorkflow, node } from '../helpers.js';

/** Issue 11 item 7: one cause, one finding. Every test runs the whole catalog. */
function ruleIds(workflow: unknown): string[] {
  const report = analyze(workflow);
  expect(report.ruleErrors).toEqual([]);
  return report.findings.map((f) => `${f.ruleId} ${f.nodeName ?? ''}`.trim());
}

const RETRY = { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 };

describe('one finding per cause', () => {
  it('an unconnected disabled node is reported as disabled only, saying it is cut off', () => {
    const wf = n8nWorkflow({
      nodes: [node('Every day', 'scheduleTrigger'), node('Fetch orders', 'httpRequest', RETRY), node('Old export', 'httpRequest', { ...RETRY, disabled: true })],
      connections: connections(['Every day', 'Fetch orders']),
    });
    expect(ruleIds(wf)).toEqual(['reliability/disabled-node Old export']);
    expect(analyze(wf).findings[0]!.message).toContain('is disabled and connected to nothing');
  });

  it('a disabled node in a fragment no trigger reaches is reported as disabled only', () => {
    const wf = n8nWorkflow({
      nodes: [
        node('Every day', 'scheduleTrigger'),
        node('Fetch orders', 'httpRequest', RETRY),
        node('Old export', 'httpRequest', { ...RETRY, disabled: true }),
        node('Old upload', 'httpRequest', RETRY),
      ],
      connections: connections(['Every day', 'Fetch orders'], ['Old export', 'Old upload']),
      settings: { executionOrder: 'v1' },
    });
    expect(ruleIds(wf)).toEqual(['structure/unreachable-node Old upload', 'reliability/disabled-node Old export']);
  });

  it('the legacy unconnected Start node is a legacy node, not an orphan', () => {
    const wf = n8nWorkflow({
      nodes: [node('Start', 'start'), node('Every day', 'scheduleTrigger'), node('Fetch orders', 'httpRequest', RETRY)],
      connections: connections(['Every day', 'Fetch orders']),
    });
    expect(ruleIds(wf)).toEqual(['maintainability/legacy-node Start']);
  });

  it('a connection without an index is one invalid-connection finding, and the nodes behind it stay connected', () => {
    const wf = n8nWorkflow({
      nodes: [node('Every day', 'scheduleTrigger'), node('Fetch orders', 'httpRequest', RETRY), node('Store orders', 'postgres', RETRY)],
      connections: {
        'Every day': { main: [[{ node: 'Fetch orders', type: 'main' }]] },
        'Fetch orders': { main: [[{ node: 'Store orders', type: 'main', index: 0 }]] },
      },
    });
    expect(ruleIds(wf)).toEqual(['structure/invalid-connection Every day']);
    expect(analyze(wf).findings[0]!.message).toBe('connections["Every day"].main[0][0].index is missing: read as input 0');
  });

  describe('a Merge whose second input comes from a branch with no trigger', () => {
    const merge = (settings: Record<string, unknown>) =>
      n8nWorkflow({
        nodes: [
          node('Every day', 'scheduleTrigger'),
          node('Fetch orders', 'httpRequest', RETRY),
          node('Static prices', 'set'),
          node('Price list', 'set'),
          node('Join', 'merge', { typeVersion: 2 }),
        ],
        connections: connections(['Every day', 'Fetch orders'], ['Fetch orders', 'Join', 0, 'main', 0], ['Static prices', 'Price list'], ['Price list', 'Join', 0, 'main', 1]),
        settings,
      });

    it('is run by n8n under the legacy execution order (no settings.executionOrder): not unreachable', () => {
      expect(ruleIds(merge({})).filter((id) => id.startsWith('structure/'))).toEqual([]);
      expect(ruleIds(merge({ executionOrder: 'v0' })).filter((id) => id.startsWith('structure/'))).toEqual([]);
    });

    it('is unreachable under execution order v1', () => {
      expect(ruleIds(merge({ executionOrder: 'v1' })).filter((id) => id.startsWith('structure/'))).toEqual([
        'structure/unreachable-node Static prices',
        'structure/unreachable-node Price list',
      ]);
    });
  });
});
