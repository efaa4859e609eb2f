import { describe, expect, it } from 'vitest';
import { connections, n8nWorkflow, node, type N8nNodeJson } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'reliability/no-error-handling';

/** Schedule -> Fetch -> Transform -> Store, with optional overrides on Fetch. */
function pipeline(fetchExtra: Partial<N8nNodeJson> = {}, settings: Record<string, unknown> = {}, extraNodes: N8nNodeJson[] = []) {
  return n8nWorkflow({
    nodes: [
      node('Every hour', 'scheduleTrigger'),
      node('Fetch', 'httpRequest', fetchExtra),
      node('Transform', 'set'),
      node('Store', 'postgres'),
      ...extraNodes,
    ],
    connections: connections(['Every hour', 'Fetch'], ['Fetch', 'Transform'], ['Transform', 'Store']),
    settings,
  });
}

describe(RULE, () => {
  it('flags a workflow of more than 3 nodes with no error handling anywhere', () => {
    const findings = runRule(pipeline(), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: null, severity: 'MEDIUM' });
    expect(findings[0]!.message).toContain('4 nodes');
  });

  it.each([
    ['a retrying node', { retryOnFail: true }],
    ['a node continuing on error', { onError: 'continueRegularOutput' }],
    ['a node with an error output', { onError: 'continueErrorOutput' }],
    ['the legacy continueOnFail flag', { continueOnFail: true }],
  ])('accepts %s', (_label, extra) => {
    expect(runRule(pipeline(extra), RULE)).toEqual([]);
  });

  it('does not count onError stopWorkflow, which is the default', () => {
    expect(runRule(pipeline({ onError: 'stopWorkflow' }), RULE)).toHaveLength(1);
  });

  it('accepts an error workflow in the settings or an Error Trigger', () => {
    expect(runRule(pipeline({}, { errorWorkflow: 'wf-alerts' }), RULE)).toEqual([]);
    expect(runRule(pipeline({}, {}, [node('On failure', 'errorTrigger')]), RULE)).toEqual([]);
  });

  it('leaves small workflows alone, sticky notes not counted', () => {
    const wf = n8nWorkflow({
      nodes: [node('Every hour', 'scheduleTrigger'), node('Fetch', 'httpRequest'), node('Store', 'postgres'), node('Docs', 'stickyNote')],
      connections: connections(['Every hour', 'Fetch'], ['Fetch', 'Store']),
    });
    expect(runRule(wf, RULE)).toEqual([]);
  });
});
