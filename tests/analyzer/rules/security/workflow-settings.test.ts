import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const workflow = (settings: Record<string, unknown>) => n8nWorkflow({ nodes: [node('Start', 'manualTrigger')], settings });

describe('security/caller-policy-any', () => {
  const RULE = 'security/caller-policy-any';

  it('flags a workflow any workflow may call, as a workflow-level finding', () => {
    const findings = runRule(workflow({ callerPolicy: 'any' }), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: null, severity: 'LOW' });
  });

  it.each(['workflowsFromSameOwner', 'workflowsFromAList', 'none'])('accepts callerPolicy %s', (callerPolicy) => {
    expect(runRule(workflow({ callerPolicy }), RULE)).toEqual([]);
  });

  it('accepts no callerPolicy at all', () => {
    expect(runRule(workflow({}), RULE)).toEqual([]);
  });
});

describe('security/saves-all-executions', () => {
  const RULE = 'security/saves-all-executions';

  it('flags a workflow that saves every successful and failed execution', () => {
    const findings = runRule(workflow({ saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' }), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.nodeName).toBeNull();
  });

  it.each([
    ['success executions not saved', { saveDataSuccessExecution: 'none', saveDataErrorExecution: 'all' }],
    ['the instance default for success', { saveDataSuccessExecution: 'DEFAULT', saveDataErrorExecution: 'all' }],
    ['settings left to the instance', {}],
  ])('does not flag %s', (_label, settings) => {
    expect(runRule(workflow(settings), RULE)).toEqual([]);
  });
});
