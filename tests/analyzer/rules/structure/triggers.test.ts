import { describe, expect, it } from 'vitest';
import { connections, n8nWorkflow, node } from '../../helpers.js';
import { structureFindings } from './run.js';

describe('structure/no-trigger', () => {
  it('reports a workflow with no trigger at all, at workflow level', () => {
    const wf = n8nWorkflow({
      nodes: [node('Call API', 'httpRequest'), node('Save', 'set')],
      connections: connections(['Call API', 'Save']),
    });
    const findings = structureFindings(wf, 'structure/no-trigger');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: null, severity: 'CRITICAL' });
  });

  it('reports a workflow whose only trigger is disabled', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger', { disabled: true }), node('Save', 'set')],
      connections: connections(['Schedule', 'Save']),
    });
    const findings = structureFindings(wf, 'structure/no-trigger');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('"Schedule" is disabled');
    // Severity follows confidence: a parked workflow is less surely a mistake than a missing trigger.
    expect(findings[0]).toMatchObject({ severity: 'HIGH' });
  });

  it.each([
    ['a webhook', 'webhook'],
    ['an app trigger', 'slackTrigger'],
    ['a sub-workflow trigger', 'executeWorkflowTrigger'],
    ['an error trigger', 'errorTrigger'],
    ['a manual trigger (manual-trigger-only instead)', 'manualTrigger'],
  ])('does not fire with %s', (_label, type) => {
    const wf = n8nWorkflow({ nodes: [node('Start', type), node('Save', 'set')], connections: connections(['Start', 'Save']) });
    expect(structureFindings(wf, 'structure/no-trigger')).toEqual([]);
  });

  it('does not fire on a canvas holding only sticky notes', () => {
    const wf = n8nWorkflow({ nodes: [node('Note', 'stickyNote')] });
    expect(structureFindings(wf, 'structure/no-trigger')).toEqual([]);
  });
});

describe('structure/manual-trigger-only', () => {
  it('reports a workflow started only by hand, as INFO on the manual trigger', () => {
    const wf = n8nWorkflow({
      nodes: [node('When clicking Execute', 'manualTrigger'), node('Save', 'set')],
      connections: connections(['When clicking Execute', 'Save']),
    });
    const findings = structureFindings(wf, 'structure/manual-trigger-only');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'When clicking Execute', severity: 'INFO' });
  });

  it('counts the legacy Start node as a manual trigger', () => {
    const wf = n8nWorkflow({ nodes: [node('Start', 'start'), node('Save', 'set')], connections: connections(['Start', 'Save']) });
    expect(structureFindings(wf, 'structure/manual-trigger-only')).toHaveLength(1);
  });

  it('does not fire when a schedule can also start the workflow', () => {
    const wf = n8nWorkflow({
      nodes: [node('Manual', 'manualTrigger'), node('Schedule', 'scheduleTrigger'), node('Save', 'set')],
      connections: connections(['Manual', 'Save'], ['Schedule', 'Save']),
    });
    expect(structureFindings(wf, 'structure/manual-trigger-only')).toEqual([]);
  });

  it('does not fire when there is no trigger at all (no-trigger does)', () => {
    const wf = n8nWorkflow({ nodes: [node('Save', 'set')] });
    expect(structureFindings(wf, 'structure/manual-trigger-only')).toEqual([]);
  });
});
