import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node, type N8nNodeJson } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const single = (rule: string, n: N8nNodeJson) => runRule(n8nWorkflow({ nodes: [n] }), rule);

describe('reliability/deprecated-continue-on-fail', () => {
  const RULE = 'reliability/deprecated-continue-on-fail';

  it('notes the legacy continueOnFail flag', () => {
    const findings = single(RULE, node('Fetch', 'httpRequest', { continueOnFail: true }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Fetch', severity: 'INFO' });
  });

  it('accepts onError and continueOnFail false', () => {
    expect(single(RULE, node('Fetch', 'httpRequest', { onError: 'continueRegularOutput' }))).toEqual([]);
    expect(single(RULE, node('Fetch', 'httpRequest', { continueOnFail: false }))).toEqual([]);
  });
});

describe('reliability/retry-out-of-range', () => {
  const RULE = 'reliability/retry-out-of-range';

  it('flags more than 10 tries', () => {
    const [finding] = single(RULE, node('Fetch', 'httpRequest', { retryOnFail: true, maxTries: 50 }));
    expect(finding!.message).toContain('50 tries');
  });

  it('flags more than 5 minutes between tries', () => {
    const [finding] = single(RULE, node('Fetch', 'httpRequest', { retryOnFail: true, waitBetweenTries: 600_000 }));
    expect(finding!.message).toContain('600 s between tries');
  });

  it('accepts the limits themselves, and values on a node that does not retry', () => {
    expect(single(RULE, node('Fetch', 'httpRequest', { retryOnFail: true, maxTries: 10, waitBetweenTries: 300_000 }))).toEqual([]);
    expect(single(RULE, node('Fetch', 'httpRequest', { retryOnFail: false, maxTries: 50 }))).toEqual([]);
  });
});

describe('reliability/disabled-node', () => {
  const RULE = 'reliability/disabled-node';

  it('flags a disabled node', () => {
    const findings = single(RULE, node('Old sync', 'googleSheets', { disabled: true }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Old sync', severity: 'LOW' });
    expect(findings[0]!.message).toContain('Google Sheets node "Old sync" is disabled');
  });

  it('ignores enabled nodes and sticky notes', () => {
    expect(single(RULE, node('Sync', 'googleSheets', { disabled: false }))).toEqual([]);
    expect(single(RULE, node('Docs', 'stickyNote', { disabled: true }))).toEqual([]);
  });
});
