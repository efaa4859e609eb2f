import { describe, expect, it } from 'vitest';
import { connections, n8nWorkflow, node } from '../../helpers.js';
import { structureFindings } from './run.js';

const trigger = node('Schedule', 'scheduleTrigger');

describe('structure/dangling-connection', () => {
  it('reports a connection to a node that does not exist, on its source node', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Call API', 'httpRequest')],
      connections: connections(['Schedule', 'Call API'], ['Call API', 'Old Name']),
    });
    const findings = structureFindings(wf, 'structure/dangling-connection');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Call API', severity: 'CRITICAL' });
    expect(findings[0]!.message).toContain('"Old Name"');
  });

  it('reports connections whose source names no node', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Call API', 'httpRequest')],
      connections: connections(['Schedule', 'Call API'], ['Deleted', 'Call API']),
    });
    const findings = structureFindings(wf, 'structure/dangling-connection');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Call API' });
    expect(findings[0]!.message).toContain('"Deleted"');
  });

  it('reports one finding for several outputs wired to the same missing node', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Check', 'if')],
      connections: connections(['Schedule', 'Check'], ['Check', 'Gone', 0], ['Check', 'Gone', 1]),
    });
    expect(structureFindings(wf, 'structure/dangling-connection')).toHaveLength(1);
  });

  it('stays silent when every connection joins existing nodes', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Check', 'if'), node('A', 'set'), node('B', 'set')],
      connections: connections(['Schedule', 'Check'], ['Check', 'A', 0], ['Check', 'B', 1]),
    });
    expect(structureFindings(wf, 'structure/dangling-connection')).toEqual([]);
  });

  it('leaves connections keyed by node id to structure/connection-by-id', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Call API', 'httpRequest', { id: 'abc-123' })],
      connections: connections(['Schedule', 'abc-123']),
    });
    expect(structureFindings(wf, 'structure/dangling-connection')).toEqual([]);
  });
});

describe('structure/connection-by-id', () => {
  it('reports a connection whose target is a node id', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Call API', 'httpRequest', { id: 'abc-123' })],
      connections: connections(['Schedule', 'abc-123']),
    });
    const findings = structureFindings(wf, 'structure/connection-by-id');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Call API', severity: 'HIGH' });
    expect(findings[0]!.message).toBe('A connection refers to node "Call API" by its id "abc-123" instead of its name');
  });

  it('reports a connection keyed by the source id', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger', { id: 'trigger-id' }), node('Call API', 'httpRequest')],
      connections: connections(['trigger-id', 'Call API']),
    });
    expect(structureFindings(wf, 'structure/connection-by-id').map((f) => f.nodeName)).toEqual(['Schedule']);
  });

  it('does not fire when a name happens to look like an id but is a name', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('node-1', 'set', { id: 'x' })],
      connections: connections(['Schedule', 'node-1']),
    });
    expect(structureFindings(wf, 'structure/connection-by-id')).toEqual([]);
  });
});

describe('structure/invalid-connection', () => {
  it('reports output 2 of an IF, which has only true and false', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Check', 'if'), node('A', 'set')],
      connections: connections(['Schedule', 'Check'], ['Check', 'A', 2]),
    });
    const findings = structureFindings(wf, 'structure/invalid-connection');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Check', severity: 'HIGH' });
    expect(findings[0]!.message).toContain('has only 2 outputs');
  });

  it('accepts the error output of a node set to continue on its error output', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Check', 'if', { onError: 'continueErrorOutput' }), node('A', 'set'), node('B', 'set'), node('Err', 'set')],
      connections: connections(['Schedule', 'Check'], ['Check', 'A', 0], ['Check', 'B', 1], ['Check', 'Err', 2]),
    });
    expect(structureFindings(wf, 'structure/invalid-connection')).toEqual([]);
  });

  it('reports an unknown connection type', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Call API', 'httpRequest')],
      connections: connections(['Schedule', 'Call API', 0, 'mian']),
    });
    const findings = structureFindings(wf, 'structure/invalid-connection');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('unknown connection type "mian"');
  });

  it('reports a negative or fractional input index', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Call API', 'httpRequest'), node('Save', 'set')],
      connections: connections(['Schedule', 'Call API', 0, 'main', -1], ['Call API', 'Save', 0, 'main', 0.5]),
    });
    expect(structureFindings(wf, 'structure/invalid-connection')).toHaveLength(2);
  });

  it('accepts every output a Switch V3 declares, the extra fallback included', () => {
    const rules = { values: [{ outputKey: 'a' }, { outputKey: 'b' }] };
    const wf = n8nWorkflow({
      nodes: [
        trigger,
        node('Route', 'switch', { typeVersion: 3.2, parameters: { rules, options: { fallbackOutput: 'extra' } } }),
        node('A', 'set'),
        node('B', 'set'),
        node('Other', 'set'),
      ],
      connections: connections(['Schedule', 'Route'], ['Route', 'A', 0], ['Route', 'B', 1], ['Route', 'Other', 2]),
    });
    expect(structureFindings(wf, 'structure/invalid-connection')).toEqual([]);
  });

  it('accepts AI sub-node connections and apps with several outputs', () => {
    const wf = n8nWorkflow({
      nodes: [trigger, node('Compare', 'compareDatasets'), node('Agent', '@n8n/n8n-nodes-langchain.agent'), node('Model', '@n8n/n8n-nodes-langchain.lmChatOpenAi')],
      connections: connections(['Schedule', 'Compare'], ['Compare', 'Agent', 3], ['Model', 'Agent', 0, 'ai_languageModel']),
    });
    expect(structureFindings(wf, 'structure/invalid-connection')).toEqual([]);
  });
});
