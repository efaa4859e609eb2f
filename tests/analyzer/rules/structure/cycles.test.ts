import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/analyzer/index.js';
import { connections, findingsOf, n8nWorkflow, node, type EdgeSpec } from '../../helpers.js';
import { structureFindings } from './run.js';

const ID = 'structure/exitless-cycle';

describe('structure/exitless-cycle', () => {
  it('reports two nodes feeding each other with no way out', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Poll', 'httpRequest'), node('Pause', 'wait')],
      connections: connections(['Schedule', 'Poll'], ['Poll', 'Pause'], ['Pause', 'Poll']),
    });
    const findings = structureFindings(wf, ID);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Poll', severity: 'HIGH' });
    expect(findings[0]!.message).toBe('Nodes "Poll" and "Pause" form a loop with no way out');
  });

  it('reports a node wired to itself', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Again', 'set')],
      connections: connections(['Schedule', 'Again'], ['Again', 'Again']),
    });
    expect(structureFindings(wf, ID).map((f) => f.message)).toEqual(['Node "Again" feeds itself with no way out of the loop']);
  });

  it('reports an IF whose both branches go back into the loop', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Poll', 'httpRequest'), node('Done?', 'if'), node('Pause', 'wait')],
      connections: connections(['Schedule', 'Poll'], ['Poll', 'Done?'], ['Done?', 'Pause', 0], ['Done?', 'Pause', 1], ['Pause', 'Poll']),
    });
    expect(structureFindings(wf, ID)).toHaveLength(1);
  });

  it('does not fire on a SplitInBatches loop whose done output leads on', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Loop', 'splitInBatches', { typeVersion: 3 }), node('Call API', 'httpRequest'), node('Report', 'set')],
      connections: connections(['Schedule', 'Loop'], ['Loop', 'Report', 0], ['Loop', 'Call API', 1], ['Call API', 'Loop']),
    });
    expect(structureFindings(wf, ID)).toEqual([]);
  });

  it('does not fire on a SplitInBatches loop whose done output is simply the end of the run', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Loop', 'splitInBatches', { typeVersion: 3 }), node('Call API', 'httpRequest')],
      connections: connections(['Schedule', 'Loop'], ['Loop', 'Call API', 1], ['Call API', 'Loop']),
    });
    expect(structureFindings(wf, ID)).toEqual([]);
  });

  it('reports a SplitInBatches loop whose done output is wired back into the loop', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Loop', 'splitInBatches', { typeVersion: 3 }), node('Call API', 'httpRequest')],
      connections: connections(['Schedule', 'Loop'], ['Loop', 'Call API', 0], ['Loop', 'Call API', 1], ['Call API', 'Loop']),
    });
    expect(structureFindings(wf, ID)).toHaveLength(1);
  });

  it('does not fire on a polling loop that an IF leaves', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Poll', 'httpRequest'), node('Ready?', 'if'), node('Pause', 'wait'), node('Use', 'set')],
      connections: connections(['Schedule', 'Poll'], ['Poll', 'Ready?'], ['Ready?', 'Use', 0], ['Ready?', 'Pause', 1], ['Pause', 'Poll']),
    });
    expect(structureFindings(wf, ID)).toEqual([]);
  });

  it('does not fire on a retry loop through an error output', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Call API', 'httpRequest', { onError: 'continueErrorOutput' }), node('Pause', 'wait'), node('Use', 'set')],
      connections: connections(['Schedule', 'Call API'], ['Call API', 'Use', 0], ['Call API', 'Pause', 1], ['Pause', 'Call API']),
    });
    expect(structureFindings(wf, ID)).toEqual([]);
  });
});

describe('very large graphs', () => {
  const SIZE = 10_000;
  const names = Array.from({ length: SIZE }, (_, i) => `Step ${i}`);
  const chainEdges: EdgeSpec[] = names.slice(1).map((name, i) => [names[i]!, name]);
  const nodes = () => [node(names[0]!, 'scheduleTrigger'), ...names.slice(1).map((name) => node(name, 'set'))];

  it('analyses a 10,000-node chain without overflowing the stack', () => {
    const report = analyze(n8nWorkflow({ nodes: nodes(), connections: connections(...chainEdges) }));
    expect(report.ruleErrors).toEqual([]);
    expect(report.nodeCount).toBe(SIZE);
    expect(findingsOf(report, 'structure/unreachable-node')).toEqual([]);
    expect(findingsOf(report, ID)).toEqual([]);
  });

  it('finds the one exit-less loop in a 10,000-node cycle', () => {
    const cycle: EdgeSpec[] = [...chainEdges, [names[SIZE - 1]!, names[1]!]];
    const report = analyze(n8nWorkflow({ nodes: nodes(), connections: connections(...cycle) }));
    expect(report.ruleErrors).toEqual([]);
    const findings = findingsOf(report, ID);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.nodeName).toBe('Step 1');
    expect(findings[0]!.message).toContain('and 9994 more');
  });
});
