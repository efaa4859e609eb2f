import { describe, expect, it } from 'vitest';
import { connections, n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'security/unauthenticated-webhook';

function webhookInto(next: ReturnType<typeof node>, webhookParameters: Record<string, unknown> = {}, active = false) {
  return n8nWorkflow({
    active,
    nodes: [node('Incoming order', 'webhook', { typeVersion: 2, parameters: { path: 'orders', ...webhookParameters } }), next],
    connections: connections(['Incoming order', next.name]),
  });
}

describe(RULE, () => {
  it('is HIGH for an active workflow with an open webhook straight into an action', () => {
    const findings = runRule(webhookInto(node('Save order', 'postgres'), {}, true), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Incoming order', severity: 'HIGH' });
    expect(findings[0]!.message).toContain('Webhook node "Incoming order"');
  });

  it('is MEDIUM when the workflow is not active, and counts authentication "none" as none', () => {
    const findings = runRule(webhookInto(node('Save order', 'postgres'), { authentication: 'none' }), RULE);
    expect(findings.map((f) => f.severity)).toEqual(['MEDIUM']);
  });

  it('flags a form trigger without authentication', () => {
    const wf = n8nWorkflow({
      nodes: [node('Signup form', 'formTrigger', { typeVersion: 2.2 }), node('Add contact', 'hubspot')],
      connections: connections(['Signup form', 'Add contact']),
    });
    expect(runRule(wf, RULE)).toHaveLength(1);
  });

  it.each(['headerAuth', 'basicAuth', 'jwtAuth'])('accepts a webhook with %s', (authentication) => {
    expect(runRule(webhookInto(node('Save order', 'postgres'), { authentication }, true), RULE)).toEqual([]);
  });

  it.each([
    ['an If', 'if'],
    ['a Switch', 'switch'],
    ['a Filter', 'filter'],
    ['a Code node', 'code'],
  ])('accepts an open webhook followed by %s check', (_label, type) => {
    expect(runRule(webhookInto(node('Check signature', type), {}, true), RULE)).toEqual([]);
  });

  it('does not count a disabled check, and ignores a disabled webhook', () => {
    expect(runRule(webhookInto(node('Check signature', 'if', { disabled: true })), RULE)).toHaveLength(1);
    const off = n8nWorkflow({ nodes: [node('Old hook', 'webhook', { disabled: true })] });
    expect(runRule(off, RULE)).toEqual([]);
  });
});
