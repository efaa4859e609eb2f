import { describe, expect, it } from 'vitest';
import { analyze, contentHash } from '../../src/analyzer/index.js';
import { findInJson, findTooDeep } from '../../src/analyzer/json-depth.js';

const nested = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth));
const workflowWith = (parameters: unknown) => ({
  nodes: [{ name: 'Hook', type: 'n8n-nodes-base.webhook', position: [0, 0], parameters }],
  connections: {},
});

describe('absurdly deep documents', () => {
  it('are an invalid workflow naming where they go too deep, never an exception', () => {
    const report = analyze(workflowWith({ x: nested(50_000) }));
    expect(report.findings.map((f) => f.ruleId)).toEqual(['structure/invalid-workflow']);
    expect(report.findings[0]!.message).toMatch(/^nodes\[0\]\.parameters\.x\[0\].* is nested deeper than 100 levels/);
    expect(report.score.overall).toBe(0);
  });

  it('still get a content hash, and a realistic depth is fine', () => {
    expect(contentHash(workflowWith({ x: nested(50_000) }))).toMatch(/^[0-9a-f]{64}$/);
    const ok = analyze(workflowWith({ x: nested(30) }));
    expect(ok.findings.some((f) => f.ruleId === 'structure/invalid-workflow')).toBe(false);
  });

  it('findInJson reports a rejected string or key with its path', () => {
    const bad = (s: string) => (s.includes('!') ? 'has a bang' : null);
    expect(findInJson({ a: [{ b: 'ok' }, { c: 'no!' }] }, { badString: bad })).toEqual({ path: 'a[1].c', problem: 'has a bang' });
    expect(findInJson({ 'k!': 1 }, { badString: bad })?.path).toBe('k!');
    expect(findTooDeep({ a: { b: {} } }, 2)).toBe('a.b');
    expect(findTooDeep({ a: { b: {} } }, 3)).toBeNull();
  });
});
