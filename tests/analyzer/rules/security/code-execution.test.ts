import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'security/code-execution';

function codeNode(code: string, type = 'code', parameter = 'jsCode') {
  return n8nWorkflow({ nodes: [node('Transform', type, { parameters: { [parameter]: code } })] });
}

describe(RULE, () => {
  it.each([
    ['eval()', 'return [{ json: eval($json.expr) }];'],
    ['Function()', 'const fn = new Function("a", $json.body);'],
    ['child_process', "const { execSync } = require('child_process');"],
    ['process.env', 'const key = process.env.N8N_ENCRYPTION_KEY;'],
  ])('flags %s in a Code node', (label, code) => {
    const findings = runRule(codeNode(code), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe(`Code node "Transform" uses ${label}`);
  });

  it('reads legacy Function nodes and Python code', () => {
    expect(runRule(codeNode('eval(items[0].json.code)', 'function', 'functionCode'), RULE)).toHaveLength(1);
    expect(runRule(codeNode('import subprocess\nsubprocess.run(["ls"])', 'code', 'pythonCode'), RULE)).toHaveLength(1);
  });

  it('does not flag look-alikes: method calls and identifiers containing the words', () => {
    const code = [
      'const match = /a(b)/.exec($json.text);',
      'const result = await page.evaluate(() => 1);',
      'function myFunction(x) { return x; }',
      'const evaluation = myFunction(2);',
    ].join('\n');
    expect(runRule(codeNode(code), RULE)).toEqual([]);
  });

  it('only reads code nodes', () => {
    const wf = n8nWorkflow({ nodes: [node('Note', 'set', { parameters: { value: 'eval(x)' } })] });
    expect(runRule(wf, RULE)).toEqual([]);
  });
});
