import { describe, expect, it } from 'vitest';
import { connections, n8nWorkflow, node } from '../../helpers.js';
import { structureFindings } from './run.js';

const ID = 'structure/webhook-response-mismatch';
const waitingWebhook = (name = 'Webhook') => node(name, 'webhook', { typeVersion: 2, parameters: { path: 'x', responseMode: 'responseNode' } });

describe('structure/webhook-response-mismatch', () => {
  it('reports a webhook waiting for a Respond to Webhook node that never comes', () => {
    const wf = n8nWorkflow({
      nodes: [waitingWebhook(), node('Save', 'set')],
      connections: connections(['Webhook', 'Save']),
    });
    const findings = structureFindings(wf, ID);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Webhook', severity: 'CRITICAL' });
    expect(findings[0]!.message).toContain('none follows it');
  });

  it('reports a Respond to Webhook node with no webhook set to use it', () => {
    const wf = n8nWorkflow({
      nodes: [node('Webhook', 'webhook', { parameters: { path: 'x' } }), node('Respond', 'respondToWebhook')],
      connections: connections(['Webhook', 'Respond']),
    });
    const findings = structureFindings(wf, ID);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Respond', severity: 'CRITICAL' });
  });

  it('reports a Respond to Webhook node placed after a different trigger', () => {
    const wf = n8nWorkflow({
      nodes: [waitingWebhook(), node('Respond', 'respondToWebhook'), node('Schedule', 'scheduleTrigger'), node('Respond 2', 'respondToWebhook')],
      connections: connections(['Webhook', 'Respond'], ['Schedule', 'Respond 2']),
    });
    expect(structureFindings(wf, ID).map((f) => f.nodeName)).toEqual(['Respond 2']);
  });

  it('stays silent when the Respond to Webhook node follows the webhook through branches', () => {
    const wf = n8nWorkflow({
      nodes: [waitingWebhook(), node('Valid?', 'if'), node('OK', 'respondToWebhook'), node('Reject', 'respondToWebhook')],
      connections: connections(['Webhook', 'Valid?'], ['Valid?', 'OK', 0], ['Valid?', 'Reject', 1]),
    });
    expect(structureFindings(wf, ID)).toEqual([]);
  });

  it('stays silent on webhooks that answer immediately or with the last node', () => {
    const wf = n8nWorkflow({
      nodes: [
        node('Hook A', 'webhook', { parameters: { path: 'a' } }),
        node('Hook B', 'webhook', { parameters: { path: 'b', responseMode: 'lastNode' } }),
        node('Save', 'set'),
      ],
      connections: connections(['Hook A', 'Save'], ['Hook B', 'Save']),
    });
    expect(structureFindings(wf, ID)).toEqual([]);
  });
});
