import { describe, expect, it } from 'vitest';
import { analyze, contentHash } from '../../src/analyzer/index.js';

/**
 * Keys that name Object.prototype's members, anywhere user text becomes a key or a lookup:
 * definition keys, node names, node types, parameter names. Workflows are built as JSON text
 * and parsed, as the API and the CLI receive them: JSON.parse makes `__proto__` an own key,
 * whereas an object literal would set the prototype instead.
 */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'] as const;

function parse(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value).replaceAll('"PROTO_KEY"', '"__proto__"')) as Record<string, unknown>;
}

function workflowWithParameters(parameters: unknown, extra: Record<string, unknown> = {}) {
  return parse({
    name: 'Prototype keys',
    nodes: [
      { id: 'a', name: 'Every day', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'b', name: 'Prepare', type: 'n8n-nodes-base.set', typeVersion: 1, position: [200, 0], parameters },
    ],
    connections: { 'Every day': { main: [[{ node: 'Prepare', type: 'main', index: 0 }]] } },
    settings: {},
    ...extra,
  });
}

describe('prototype-named keys', () => {
  it.each([
    ['a parameter', (v: number) => workflowWithParameters({ z: 1, PROTO_KEY: { value: v } })],
    ['a nested parameter', (v: number) => workflowWithParameters({ a: { b: [{ z: 1, PROTO_KEY: { value: v } }] } })],
    ['the definition', (v: number) => workflowWithParameters({}, { PROTO_KEY: { value: v } })],
    ['the settings', (v: number) => workflowWithParameters({}, { settings: { z: 1, PROTO_KEY: { value: v } } })],
  ])('a "__proto__" key in %s is part of the content hash', (_where, build) => {
    const one = build(1);
    const two = build(2);
    expect(contentHash(one)).not.toBe(contentHash(two));
    expect(contentHash(JSON.stringify(one))).not.toBe(contentHash(JSON.stringify(two)));
    expect(contentHash(one)).toBe(contentHash(build(1)));
  });

  it.each(PROTOTYPE_NAMES)('a node named %s is connected, reached and reported like any other', (name) => {
    const wf = parse({
      name: 'Named after a prototype member',
      nodes: [
        { id: 'a', name: 'Webhook in', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { authentication: 'headerAuth' } },
        { id: 'b', name, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [200, 0], parameters: {}, retryOnFail: true },
      ],
      connections: { 'Webhook in': { main: [[{ node: name, type: 'main', index: 0 }]] } },
      settings: {},
      pinData: { [name]: [{ json: { ok: true } }] },
    });
    const report = analyze(wf);
    expect(report.ruleErrors).toEqual([]);
    const structural = report.findings.filter((f) => f.category === 'STRUCTURE');
    expect(structural).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === 'maintainability/pinned-data')).toEqual([
      expect.objectContaining({ nodeName: name }),
    ]);
  });

  it.each(PROTOTYPE_NAMES)('a node whose type is %s is an ordinary unknown action, not a legacy or risky node', (type) => {
    for (const fullType of [type, `n8n-nodes-base.${type}`]) {
      const wf = parse({
        name: 'Odd type',
        nodes: [
          { id: 'a', name: 'Every day', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
          { id: 'b', name: 'Do it', type: fullType, typeVersion: 1, position: [200, 0], parameters: {}, retryOnFail: true },
        ],
        connections: { 'Every day': { main: [[{ node: 'Do it', type: 'main', index: 0 }]] } },
        settings: {},
      });
      const report = analyze(wf);
      expect(report.ruleErrors).toEqual([]);
      expect(report.findings.map((f) => f.ruleId)).toEqual([]);
    }
  });

  it('reads a parameter named __proto__ like any other parameter (n8n and native files)', () => {
    const secret = 'q8Zr' + 'Te5t'.repeat(5) + 'x7';
    const n8n = workflowWithParameters({ PROTO_KEY: { apiKey: secret } });
    expect(analyze(n8n).findings.map((f) => f.ruleId)).toContain('security/hardcoded-secret');
    const native = parse({
      format: 'native',
      version: 1,
      name: 'Native',
      nodes: [{ id: 'a', name: 'Start', kind: 'TRIGGER', parameters: { PROTO_KEY: { apiKey: secret } } }],
      edges: [],
    });
    expect(analyze(native).findings.map((f) => f.ruleId)).toContain('security/hardcoded-secret');
  });

  it.each(['constructor', 'toString', '__proto__'])('a Wait unit %s is not a unit: no made-up duration', (unit) => {
    const wf = parse({
      name: 'Wait',
      nodes: [
        { id: 'a', name: 'Every day', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'b', name: 'Pause', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [200, 0], parameters: { amount: 30, unit } },
      ],
      connections: { 'Every day': { main: [[{ node: 'Pause', type: 'main', index: 0 }]] } },
      settings: {},
    });
    expect(analyze(wf, { rules: ['performance/long-wait'] }).findings).toEqual([]);
  });

  it.each(PROTOTYPE_NAMES)('the rule id %s is refused as unknown', (id) => {
    expect(() => analyze(workflowWithParameters({}), { rules: [id] })).toThrow(RangeError);
  });
});
