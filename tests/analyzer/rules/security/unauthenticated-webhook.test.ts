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

  describe('issue 11 item 6: only a real check silences it', () => {
    const headerCondition = {
      conditions: {
        conditions: [
          { leftValue: "={{ $json.headers['x-api-key'] }}", rightValue: '={{ $env.ORDERS_WEBHOOK_KEY }}', operator: { type: 'string', operation: 'equals' } },
        ],
        combinator: 'and',
      },
    };
    const bodyCondition = {
      conditions: { conditions: [{ leftValue: '={{ $json.body.total }}', rightValue: 100, operator: { type: 'number', operation: 'gt' } }], combinator: 'and' },
    };
    const signatureCode = [
      "const crypto = require('crypto');",
      "const given = $input.first().json.headers['x-hub-signature-256'];",
      "const expected = 'sha256=' + crypto.createHmac('sha256', $env.HOOK_SECRET).update(JSON.stringify($input.first().json.body)).digest('hex');",
      "if (given !== expected) throw new Error('bad signature');",
      'return $input.all();',
    ].join('\n');

    function webhookThen(check: ReturnType<typeof node>, edges: [string, string, number?][] = [], extra: ReturnType<typeof node>[] = []) {
      return n8nWorkflow({
        active: true,
        nodes: [node('Incoming order', 'webhook', { typeVersion: 2, parameters: { path: 'orders' } }), check, node('Save order', 'postgres'), ...extra],
        connections: connections(['Incoming order', check.name], ...edges),
      });
    }

    it.each([
      ['an If that checks nothing', node('Check', 'if', { typeVersion: 2 }), [['Check', 'Save order', 0]]],
      ['an If on a body field', node('Check', 'if', { typeVersion: 2, parameters: bodyCondition }), [['Check', 'Save order', 0]]],
      ['an empty Switch', node('Check', 'switch', { typeVersion: 3 }), [['Check', 'Save order', 0]]],
      ['an empty Filter', node('Check', 'filter', { typeVersion: 2 }), [['Check', 'Save order', 0]]],
      ['a Code node that reshapes data', node('Check', 'code', { typeVersion: 2, parameters: { jsCode: 'return $input.all().map((i) => ({ json: i.json.body }));' } }), [['Check', 'Save order', 0]]],
      ['a header check whose both branches go on', node('Check', 'if', { typeVersion: 2, parameters: headerCondition }), [['Check', 'Save order', 0], ['Check', 'Save order', 1]]],
    ] as [string, ReturnType<typeof node>, [string, string, number?][]][])('still flags an open webhook followed by %s', (_label, check, edges) => {
      expect(runRule(webhookThen(check, edges), RULE)).toHaveLength(1);
    });

    it('accepts an If comparing a header secret whose mismatch branch is left unwired', () => {
      const check = node('Check key', 'if', { typeVersion: 2, parameters: headerCondition });
      expect(runRule(webhookThen(check, [['Check key', 'Save order', 0]]), RULE)).toEqual([]);
    });

    it('accepts an If comparing a header secret whose mismatch branch stops the run or answers 401', () => {
      for (const stop of [node('Reject', 'stopAndError'), node('Reject', 'respondToWebhook', { parameters: { options: { responseCode: 401 } } })]) {
        const check = node('Check key', 'if', { typeVersion: 2, parameters: headerCondition });
        expect(runRule(webhookThen(check, [['Check key', 'Save order', 0], ['Check key', 'Reject', 1]], [stop]), RULE)).toEqual([]);
      }
    });

    it('accepts a Filter on a query-string token, and Code that verifies a signature and throws', () => {
      const filter = node('Check token', 'filter', {
        typeVersion: 2,
        parameters: { conditions: { conditions: [{ leftValue: '={{ $json.query.token }}', rightValue: '={{ $env.TOKEN }}', operator: { type: 'string', operation: 'equals' } }] } },
      });
      expect(runRule(webhookThen(filter, [['Check token', 'Save order']]), RULE)).toEqual([]);
      const code = node('Verify signature', 'code', { typeVersion: 2, parameters: { jsCode: signatureCode } });
      expect(runRule(webhookThen(code, [['Verify signature', 'Save order']]), RULE)).toEqual([]);
    });
  });

  it('does not count a disabled check, and ignores a disabled webhook', () => {
    expect(runRule(webhookInto(node('Check signature', 'if', { disabled: true })), RULE)).toHaveLength(1);
    const off = n8nWorkflow({ nodes: [node('Old hook', 'webhook', { disabled: true })] });
    expect(runRule(off, RULE)).toEqual([]);
  });
});
