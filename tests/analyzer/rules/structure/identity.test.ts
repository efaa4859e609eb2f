import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/analyzer/index.js';
import { connections, findingsOf, n8nWorkflow, node } from '../../helpers.js';
import { structureFindings } from './run.js';

describe('structure/invalid-workflow', () => {
  it('reports a file without a nodes array, once, as CRITICAL', () => {
    const findings = findingsOf(analyze({ name: 'x', connections: {} }), 'structure/invalid-workflow');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('CRITICAL');
  });

  it('stays silent on a well-formed workflow', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Call API', 'httpRequest')],
      connections: connections(['Schedule', 'Call API']),
    });
    expect(structureFindings(wf, 'structure/invalid-workflow')).toEqual([]);
  });
});

describe('structure/duplicate-node-name', () => {
  it('reports the second node carrying a name already used', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Send', 'slack'), node('Send', 'gmail')],
      connections: connections(['Schedule', 'Send']),
    });
    const findings = structureFindings(wf, 'structure/duplicate-node-name');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeId: 'node-3', nodeName: 'Send', severity: 'CRITICAL' });
    expect(findings[0]!.message).toContain('"Send"');
  });

  it('reports each extra copy when a name is used three times', () => {
    const wf = n8nWorkflow({ nodes: [node('A', 'set'), node('A', 'set'), node('A', 'set')] });
    expect(structureFindings(wf, 'structure/duplicate-node-name').map((f) => f.nodeId)).toEqual(['node-2', 'node-3']);
  });

  it('does not confuse names that differ only by a suffix', () => {
    const wf = n8nWorkflow({ nodes: [node('Send', 'slack'), node('Send1', 'slack')] });
    expect(structureFindings(wf, 'structure/duplicate-node-name')).toEqual([]);
  });
});

describe('structure/duplicate-node-id', () => {
  it('reports two nodes sharing an id', () => {
    const wf = n8nWorkflow({ nodes: [node('A', 'set', { id: 'same' }), node('B', 'set', { id: 'same' })] });
    const findings = structureFindings(wf, 'structure/duplicate-node-id');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'B', severity: 'HIGH' });
    expect(findings[0]!.message).toBe('Node "B" has the same id "same" as node "A"');
  });

  it('ignores nodes without an id', () => {
    const wf = n8nWorkflow({ nodes: [node('A', 'set', { id: '' }), node('B', 'set', { id: '' })] });
    expect(structureFindings(wf, 'structure/duplicate-node-id')).toEqual([]);
  });
});
