import { describe, expect, it } from 'vitest';
import { connections, n8nWorkflow, node, type EdgeSpec } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'reliability/error-output-unwired';

function withErrorOutput(type: string, edges: EdgeSpec[], extra: Record<string, unknown> = {}) {
  return n8nWorkflow({
    nodes: [node('Call', type, { onError: 'continueErrorOutput', ...extra }), node('Next', 'set'), node('Log failure', 'slack')],
    connections: connections(...edges),
  });
}

describe(RULE, () => {
  it('flags an error output left unconnected while the success output is wired', () => {
    const findings = runRule(withErrorOutput('httpRequest', [['Call', 'Next', 0]]), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Call', severity: 'HIGH' });
  });

  it('accepts an error output that is wired', () => {
    expect(runRule(withErrorOutput('httpRequest', [['Call', 'Next', 0], ['Call', 'Log failure', 1]]), RULE)).toEqual([]);
  });

  it('finds the error output after an If node\'s two outputs', () => {
    const bothBranches: EdgeSpec[] = [['Call', 'Next', 0], ['Call', 'Next', 1]];
    expect(runRule(withErrorOutput('if', bothBranches), RULE)).toHaveLength(1);
    expect(runRule(withErrorOutput('if', [...bothBranches, ['Call', 'Log failure', 2]]), RULE)).toEqual([]);
  });

  it('ignores nodes that continue through the regular output', () => {
    expect(runRule(withErrorOutput('httpRequest', [['Call', 'Next', 0]], { onError: 'continueRegularOutput' }), RULE)).toEqual([]);
  });
});
