import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'security/risky-node';

describe(RULE, () => {
  it.each(['executeCommand', 'ssh', 'ftp', 'readWriteFile', 'readBinaryFile', 'readBinaryFiles', 'writeBinaryFile', 'localFileTrigger'])(
    'notes a %s node at INFO',
    (type) => {
      const findings = runRule(n8nWorkflow({ nodes: [node('Host access', type)] }), RULE);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ nodeName: 'Host access', severity: 'INFO' });
    },
  );

  it('leaves ordinary nodes alone', () => {
    const wf = n8nWorkflow({ nodes: [node('Call', 'httpRequest'), node('Convert', 'convertToFile'), node('Run', 'code')] });
    expect(runRule(wf, RULE)).toEqual([]);
  });
});
