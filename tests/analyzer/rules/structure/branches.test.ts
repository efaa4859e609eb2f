import { describe, expect, it } from 'vitest';
import { connections, n8nWorkflow, node } from '../../helpers.js';
import { structureFindings } from './run.js';

const BRANCH = 'structure/unconnected-branch';
const MERGE = 'structure/merge-missing-input';
const trigger = node('Schedule', 'scheduleTrigger');

describe('structure/unconnected-branch', () => {
  it("treats an IF's empty false branch as the filter idiom: INFO", () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Has email?', 'if', { typeVersion: 2.2 }), node('Send', 'gmail')],
      connections: connections(['Schedule', 'Has email?'], ['Has email?', 'Send', 0]),
    });
    const findings = structureFindings(wf, BRANCH);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Has email?', severity: 'INFO' });
    expect(findings[0]!.message).toContain('false branch');
  });

  it("reports an IF's empty true branch as LOW", () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Exists?', 'if'), node('Create', 'set')],
      connections: connections(['Schedule', 'Exists?'], ['Exists?', 'Create', 1]),
    });
    const findings = structureFindings(wf, BRANCH);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'LOW', message: 'The true branch of node "Exists?" is not connected' });
  });

  it('stays silent when both IF branches are connected', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Check', 'if'), node('A', 'set'), node('B', 'set')],
      connections: connections(['Schedule', 'Check'], ['Check', 'A', 0], ['Check', 'B', 1]),
    });
    expect(structureFindings(wf, BRANCH)).toEqual([]);
  });

  it('reports the unconnected outputs of a Switch V3 by their names, fallback included', () => {
    const values = [
      { outputKey: 'GET', renameOutput: true },
      { outputKey: 'POST', renameOutput: true },
      { outputKey: 'DELETE', renameOutput: true },
    ];
    const wf = n8nWorkflow({
      nodes: [
        trigger,
        node('Route', 'switch', { typeVersion: 3.2, parameters: { rules: { values }, options: { fallbackOutput: 'extra' } } }),
        node('Get', 'set'),
        node('Post', 'set'),
      ],
      connections: connections(['Schedule', 'Route'], ['Route', 'Get', 0], ['Route', 'Post', 1]),
    });
    const findings = structureFindings(wf, BRANCH);
    expect(findings.map((f) => f.message)).toEqual([
      'Output "DELETE" of node "Route" is not connected: items routed there are dropped',
      'Output "Fallback" of node "Route" is not connected: items routed there are dropped',
    ]);
    expect(findings.every((f) => f.severity === 'LOW')).toBe(true);
  });

  it('counts only the Switch V1 outputs its rules and fallback route to', () => {
    const parameters = {
      dataType: 'string',
      value1: '={{ $json.status }}',
      rules: { rules: [{ value2: 'new' }, { value2: 'same', output: 1 }] },
      fallbackOutput: 3,
    };
    const wf = n8nWorkflow({
      nodes: [trigger, node('Status', 'switch', { typeVersion: 1, parameters }), node('New', 'set'), node('Same', 'set')],
      connections: connections(['Schedule', 'Status'], ['Status', 'New', 0], ['Status', 'Same', 1]),
    });
    // Outputs 0 and 1 are wired; 2 is used by no rule; 3 is the fallback and is empty.
    expect(structureFindings(wf, BRANCH).map((f) => f.message)).toEqual([
      'Output "3" of node "Status" is not connected: items routed there are dropped',
    ]);
  });

  it('reads Switch V2 rules and expression-mode output counts', () => {
    const v2 = node('Rules', 'switch', { typeVersion: 2, parameters: { rules: { rules: [{ outputKey: 'a' }, { outputKey: 'b' }] } } });
    const v3expr = node('Expr', 'switch', { typeVersion: 3, parameters: { mode: 'expression', numberOutputs: 2 } });
    const wf = n8nWorkflow({
      nodes: [trigger, v2, v3expr, node('A', 'set'), node('B', 'set')],
      connections: connections(['Schedule', 'Rules'], ['Rules', 'A', 0], ['Rules', 'Expr', 1], ['Expr', 'B', 0]),
    });
    expect(structureFindings(wf, BRANCH).map((f) => f.message)).toEqual([
      'Output "1" of node "Expr" is not connected: items routed there are dropped',
    ]);
  });

  it('leaves an IF connected to nothing to structure/orphan-node', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Save', 'set'), node('Unused check', 'if')],
      connections: connections(['Schedule', 'Save']),
    });
    expect(structureFindings(wf, BRANCH)).toEqual([]);
  });
});

describe('structure/merge-missing-input', () => {
  it('reports a Merge V2 with only its first input connected', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Fetch', 'httpRequest'), node('Merge', 'merge', { typeVersion: 2.1 }), node('Save', 'set')],
      connections: connections(['Schedule', 'Fetch'], ['Fetch', 'Merge', 0, 'main', 0], ['Merge', 'Save']),
    });
    const findings = structureFindings(wf, MERGE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      nodeName: 'Merge',
      severity: 'HIGH',
      message: 'Merge node "Merge" waits for 2 inputs but only input 1 is connected',
    });
  });

  it('reads numberInputs on a Merge V3', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('A', 'set'), node('B', 'set'), node('Merge', 'merge', { typeVersion: 3, parameters: { numberInputs: 3 } })],
      connections: connections(['Schedule', 'A'], ['Schedule', 'B'], ['A', 'Merge', 0, 'main', 0], ['B', 'Merge', 0, 'main', 1]),
    });
    expect(structureFindings(wf, MERGE).map((f) => f.message)).toEqual([
      'Merge node "Merge" waits for 3 inputs but only inputs 1 and 2 are connected',
    ]);
  });

  it('stays silent when every input is connected, even from the same branch', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('A', 'set'), node('B', 'set'), node('Merge', 'merge', { typeVersion: 3 })],
      connections: connections(['Schedule', 'A'], ['Schedule', 'B'], ['A', 'Merge', 0, 'main', 0], ['B', 'Merge', 0, 'main', 1]),
    });
    expect(structureFindings(wf, MERGE)).toEqual([]);
  });

  it('ignores a disabled Merge, which passes its input through', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Merge', 'merge', { typeVersion: 1, disabled: true }), node('Save', 'set')],
      connections: connections(['Schedule', 'Merge'], ['Merge', 'Save']),
    });
    expect(structureFindings(wf, MERGE)).toEqual([]);
  });
});
