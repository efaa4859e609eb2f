import { defineRule } from '../rule.js';
import { describeNode, shortType } from '../node-display-names.js';

/** Nodes that run shell commands or touch the n8n host's file system or remote shells. */
// A Map: the key is user text, and `constructor` must not find Object.prototype's.
const RISKY_NODE_TYPES: ReadonlyMap<string, string> = new Map(Object.entries({
  executeCommand: 'runs shell commands on the n8n host',
  ssh: 'runs commands on a remote host over SSH',
  ftp: 'reads and writes files on an FTP/SFTP server',
  readWriteFile: "reads or writes files on the n8n host's disk",
  readBinaryFile: "reads files from the n8n host's disk",
  readBinaryFiles: "reads files from the n8n host's disk",
  writeBinaryFile: "writes files to the n8n host's disk",
  localFileTrigger: "watches the n8n host's file system",
}));

export const riskyNode = defineRule({
  id: 'security/risky-node',
  category: 'SECURITY',
  severity: 'INFO',
  title: 'Node with host or shell access',
  description:
    'Execute Command, SSH, FTP and local file-system nodes reach beyond the workflow: fed with untrusted data they can run commands or read and overwrite files. n8n\'s own security audit lists them.',
  remediation:
    'Make sure no external input reaches the command or file path unchecked; restrict file access with N8N_RESTRICT_FILE_ACCESS_TO, or disable these nodes with NODES_EXCLUDE where they are not needed.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (!node.type.startsWith('n8n-nodes-base.')) continue;
      const short = shortType(node.type);
      const risk = RISKY_NODE_TYPES.get(short.endsWith('Tool') ? short.slice(0, -4) : short);
      if (risk) yield { node, message: `${describeNode(node)} ${risk}` };
    }
  },
});
