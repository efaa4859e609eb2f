import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'maintainability/long-code';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `const v${i} = ${i};`).join('\n');
const codeNode = (type: string, parameter: string, code: string) =>
  n8nWorkflow({ nodes: [node('Transform', type, { parameters: { [parameter]: code } })] });

describe(RULE, () => {
  it.each([
    ['code', 'jsCode'],
    ['code', 'pythonCode'],
    ['function', 'functionCode'],
    ['functionItem', 'functionCode'],
  ])('flags a %s node with over 100 lines in %s', (type, parameter) => {
    const findings = runRule(codeNode(type, parameter, lines(101)), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('101 lines');
  });

  it('accepts 100 lines, trailing blank lines not counted', () => {
    expect(runRule(codeNode('code', 'jsCode', lines(100) + '\n\n\n'), RULE)).toEqual([]);
  });
});
