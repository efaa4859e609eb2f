import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeWithRules } from '../../src/analyzer/engine.js';
import { analyze, RULESET_VERSION } from '../../src/analyzer/index.js';
import { defineRule, type Rule } from '../../src/analyzer/rules/rule.js';
import { connections, findingsOf, n8nWorkflow, node } from './helpers.js';

const corpusDir = path.resolve(import.meta.dirname, '../fixtures/corpus/n8n/workflows');

function testRule(id: string, check: Rule['check'], severity: Rule['severity'] = 'LOW'): Rule {
  return defineRule({ id, category: 'RELIABILITY', severity, title: id, description: id, remediation: `fix ${id}`, check });
}

const workflow = n8nWorkflow({
  nodes: [node('Start', 'manualTrigger'), node('Alpha', 'noOp'), node('Beta', 'noOp')],
  connections: connections(['Start', 'Alpha'], ['Alpha', 'Beta']),
});

/** Rebuilds every object with its keys in reverse order (arrays keep their order). */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

describe('engine', () => {
  it('fills rule id, category, default severity and remediation, and honours overrides', () => {
    const rule = testRule('reliability/test', (ctx) => [
      { node: ctx.nodeByName.get('Alpha'), message: 'plain' },
      { node: ctx.nodeByName.get('Beta'), message: 'special', severity: 'HIGH', remediation: 'do this instead' },
      { message: 'workflow-level' },
    ]);
    const report = analyzeWithRules(workflow, [rule]);
    expect(report.findings).toEqual([
      { ruleId: 'reliability/test', category: 'RELIABILITY', severity: 'HIGH', nodeId: 'node-3', nodeName: 'Beta', message: 'special', remediation: 'do this instead' },
      { ruleId: 'reliability/test', category: 'RELIABILITY', severity: 'LOW', nodeId: null, nodeName: null, message: 'workflow-level', remediation: 'fix reliability/test' },
      { ruleId: 'reliability/test', category: 'RELIABILITY', severity: 'LOW', nodeId: 'node-2', nodeName: 'Alpha', message: 'plain', remediation: 'fix reliability/test' },
    ]);
    expect(report.rulesetVersion).toBe(RULESET_VERSION);
    expect(report).toMatchObject({ format: 'N8N', workflowName: 'Test workflow', nodeCount: 3, edgeCount: 2 });
  });

  it('sorts by severity, then rule id, then node position, then message', () => {
    const b = testRule('reliability/b', (ctx) => [
      { node: ctx.nodeByName.get('Beta'), message: 'b on Beta' },
      { node: ctx.nodeByName.get('Alpha'), message: 'z on Alpha' },
      { node: ctx.nodeByName.get('Alpha'), message: 'a on Alpha' },
    ]);
    const a = testRule('reliability/a', (ctx) => [{ node: ctx.nodeByName.get('Beta'), message: 'a on Beta' }]);
    const critical = testRule('reliability/z', () => [{ message: 'critical' }], 'CRITICAL');
    const messages = analyzeWithRules(workflow, [b, a, critical]).findings.map((f) => f.message);
    expect(messages).toEqual(['critical', 'a on Beta', 'a on Alpha', 'z on Alpha', 'b on Beta']);
  });

  it('reports identical findings once', () => {
    const rule = testRule('reliability/twice', (ctx) => {
      const alpha = ctx.nodeByName.get('Alpha');
      return [{ node: alpha, message: 'same' }, { node: alpha, message: 'same' }];
    });
    expect(analyzeWithRules(workflow, [rule]).findings).toHaveLength(1);
  });

  it('survives a rule that throws: drops its findings, names it, runs the others', () => {
    const broken = testRule('reliability/broken', function* (ctx) {
      yield { node: ctx.nodeByName.get('Alpha'), message: 'half done' };
      throw new Error('cannot read properties of undefined');
    });
    const healthy = testRule('reliability/healthy', () => [{ message: 'still here' }]);
    const report = analyzeWithRules(workflow, [broken, healthy]);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['reliability/healthy']);
    expect(report.ruleErrors).toEqual([{ ruleId: 'reliability/broken', message: 'cannot read properties of undefined' }]);
  });

  it('runs only the rules asked for, and refuses unknown ids', () => {
    const one = testRule('reliability/one', () => [{ message: 'one' }]);
    const two = testRule('reliability/two', () => [{ message: 'two' }]);
    expect(analyzeWithRules(workflow, [one, two], { rules: ['reliability/two'] }).findings.map((f) => f.message)).toEqual(['two']);
    expect(() => analyze(workflow, { rules: ['reliability/does-not-exist'] })).toThrow(RangeError);
  });

  it('reports each import issue once, even though the catalog has a rule of that id', () => {
    const report = analyze(
      n8nWorkflow({ nodes: [node('Start', 'manualTrigger')], connections: { Start: { main: ['Nope'] } } }),
    );
    expect(findingsOf(report, 'structure/invalid-connection').filter((f) => f.message.startsWith('connections["Start"]'))).toHaveLength(1);
  });
});

describe('determinism', () => {
  const samples = [
    'Bitly__0910_Bitly_Datetime_Update_Webhook.json',
    'Webhook__1722_Webhook_Code_Automation_Webhook.json',
    'Code__0182_Code_GitHub_Create_Scheduled.json',
  ];

  it.each(samples)('%s: the same report twice, and with every object key order reversed', (file) => {
    const json = JSON.parse(readFileSync(path.join(corpusDir, file), 'utf8'));
    const first = analyze(json);
    expect(first.findings.length).toBeGreaterThan(0);
    expect(analyze(structuredClone(json))).toEqual(first);
    expect(JSON.stringify(analyze(reverseKeys(json)))).toBe(JSON.stringify(first));
  });

  it('gives the same report for the JSON text and the parsed object', () => {
    const text = readFileSync(path.join(corpusDir, samples[0]!), 'utf8');
    expect(analyze(text)).toEqual(analyze(JSON.parse(text)));
  });

  it('has corpus samples to check', () => {
    expect(readdirSync(corpusDir)).toEqual(expect.arrayContaining(samples));
  });
});
