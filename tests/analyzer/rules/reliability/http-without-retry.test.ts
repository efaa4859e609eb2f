import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node, type N8nNodeJson } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'reliability/http-without-retry';

const single = (n: N8nNodeJson) => runRule(n8nWorkflow({ nodes: [n] }), RULE);

describe(RULE, () => {
  it('flags an HTTP Request node with neither retry nor error handling', () => {
    const findings = single(node('Get users', 'httpRequest'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Get users', severity: 'LOW' });
    expect(findings[0]!.message).toBe('HTTP Request node "Get users" has no retry and no error handling');
  });

  it.each([
    ['an app node', node('Post', 'slack')],
    ['a database node', node('Store', 'postgres')],
    ['an OpenAI node', node('Ask', '@n8n/n8n-nodes-langchain.openAi')],
    ['a community node', node('Search', '@acme/n8n-nodes-search.search')],
  ])('flags %s, which calls an external service', (_label, n) => {
    expect(single(n)).toHaveLength(1);
  });

  it.each([
    ['retryOnFail', { retryOnFail: true }],
    ['onError continueRegularOutput', { onError: 'continueRegularOutput' }],
    ['onError continueErrorOutput', { onError: 'continueErrorOutput' }],
    ['continueOnFail', { continueOnFail: true }],
  ])('accepts a node with %s', (_label, extra) => {
    expect(single(node('Get users', 'httpRequest', extra))).toEqual([]);
  });

  it('ignores core nodes that call nothing, AI tool sub-nodes and disabled nodes', () => {
    for (const n of [
      node('Shape', 'set'),
      node('Check', 'if'),
      node('Run', 'code'),
      node('Call sub-workflow', 'executeWorkflow'),
      node('Docs', 'stickyNote'),
      node('Search tool', '@n8n/n8n-nodes-langchain.toolHttpRequest'),
      node('Off', 'httpRequest', { disabled: true }),
    ]) {
      expect(single(n)).toEqual([]);
    }
  });

  it('reports each unprotected node once', () => {
    const wf = n8nWorkflow({ nodes: [node('A', 'httpRequest'), node('B', 'httpRequest'), node('C', 'httpRequest', { retryOnFail: true })] });
    expect(runRule(wf, RULE).map((f) => f.nodeName)).toEqual(['A', 'B']);
  });
});
