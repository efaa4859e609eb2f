import { describe, expect, it } from 'vitest';
import { contentHash } from '../../src/analyzer/content-hash.js';
import { analyze } from '../../src/analyzer/index.js';
import { connections, n8nWorkflow, node } from './helpers.js';

function sample() {
  return n8nWorkflow({
    nodes: [
      node('Every hour', 'scheduleTrigger', { parameters: { rule: { interval: [{ field: 'hours' }] } } }),
      node('Fetch orders', 'httpRequest', { parameters: { url: 'https://shop.example/orders', method: 'GET' } }),
    ],
    connections: connections(['Every hour', 'Fetch orders']),
  });
}

/** Rebuilds every object with its keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

describe('content hash', () => {
  it('is a hex sha256', () => {
    expect(contentHash(sample())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores key order, node order and node positions', () => {
    const moved = sample();
    moved.nodes.reverse();
    moved.nodes[0]!.position = [999, -40];
    expect(contentHash(reverseKeys(moved))).toBe(contentHash(sample()));
  });

  it('ignores what n8n rewrites on every save (workflow id, versionId, meta, timestamps, tags)', () => {
    const saved = {
      ...sample(),
      id: 'wf-81',
      versionId: '5a0c7f5e-0d2b-4a1c-8f0a-3f1d2b1c9e77',
      meta: { instanceId: 'abc', templateCredsSetupCompleted: true },
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-02-01T00:00:00.000Z',
      tags: [{ id: '1', name: 'sales' }],
    };
    expect(contentHash(saved)).toBe(contentHash(sample()));
  });

  it('changes when a parameter changes', () => {
    const changed = sample();
    changed.nodes[1]!.parameters = { url: 'https://shop.example/orders?all=1', method: 'GET' };
    expect(contentHash(changed)).not.toBe(contentHash(sample()));
  });

  it('changes when a connection, the name, pinned data or activation changes', () => {
    const base = contentHash(sample());
    expect(contentHash({ ...sample(), connections: {} })).not.toBe(base);
    expect(contentHash({ ...sample(), name: 'Other' })).not.toBe(base);
    expect(contentHash({ ...sample(), pinData: { 'Fetch orders': [{ json: {} }] } })).not.toBe(base);
    expect(contentHash({ ...sample(), active: true })).not.toBe(base);
  });

  it('keeps node ids and webhook ids, which reports and webhook URLs depend on', () => {
    const renumbered = sample();
    renumbered.nodes[0]!.id = 'another-id';
    expect(contentHash(renumbered)).not.toBe(contentHash(sample()));
    const withWebhookId = sample();
    withWebhookId.nodes[0]!.webhookId = '0b6e3c1e';
    expect(contentHash(withWebhookId)).not.toBe(contentHash(sample()));
  });

  it('gives the same hash for a JSON string and the object it encodes', () => {
    expect(contentHash(JSON.stringify(sample(), null, 2))).toBe(contentHash(sample()));
  });

  it('hashes text that is not JSON without throwing', () => {
    expect(contentHash('{not json')).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash('{not json')).not.toBe(contentHash('{not json either'));
  });

  it('is the report contentHash', () => {
    expect(analyze(sample()).contentHash).toBe(contentHash(sample()));
  });
});
