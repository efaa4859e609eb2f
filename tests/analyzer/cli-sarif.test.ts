import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { WorkflowLocator } from '../../src/cli/json-locations.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { connections, n8nWorkflow, node } from './helpers.js';

/** The published SARIF 2.1.0 schema (draft-04), vendored: see tests/fixtures/sarif/README.md. */
const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
// unicodeRegExp off: the schema's language pattern has a stray `]` that only non-unicode regexps accept.
// CommonJS whose module.exports is the class and also carries it as `.default`: tsc types the
// default import as the module, so take `.default` (the same class at run time).
const Ajv = AjvDraft04.default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
(addFormats as unknown as (a: InstanceType<typeof Ajv>) => void)(ajv);
const validateSarif = ajv.compile(schema);

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    invocations: { toolExecutionNotifications: { message: { text: string } }[] }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } } }[];
    }[];
  }[];
}

let root: string;
let webhookText: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'wh-cli-sarif-'));
  // Pretty-printed as n8n exports are, so each node starts on its own line.
  webhookText = JSON.stringify(
    n8nWorkflow({
      name: 'Public intake',
      active: true,
      nodes: [
        node('Incoming order', 'webhook', { parameters: { path: 'orders', httpMethod: 'POST' } }),
        node('HTTP Request', 'httpRequest', { parameters: { url: 'https://shop.example/orders' } }),
        node('Forgotten', 'noOp'),
      ],
      connections: connections(['Incoming order', 'HTTP Request']),
    }),
    null,
    2,
  );
  writeFileSync(path.join(root, 'intake flow.json'), webhookText);
  writeFileSync(path.join(root, 'broken.json'), '{\n  "name": "Cut",\n  "nodes": [\n    {');
});

function lineOfNode(text: string, name: string): number {
  const lines = text.split('\n');
  const nameLine = lines.findIndex((line) => line.includes(`"name": ${JSON.stringify(name)}`));
  // The node's object opens on the nearest `{` line above its name.
  for (let i = nameLine; i >= 0; i--) if (lines[i]!.trim() === '{') return i + 1;
  throw new Error(`no node ${name}`);
}

describe('analyze --sarif', () => {
  it('prints a SARIF 2.1.0 log that validates against the published schema', async () => {
    const { code, stdout, stderr } = await runCli(['analyze', '.', '--sarif'], { cwd: root });
    expect(stderr).toBe('');
    expect(code).toBe(1); // broken.json is not a workflow
    const log = JSON.parse(stdout) as SarifLog;
    const valid = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.tool.driver.name).toBe('workflow-health');
  });

  it('locates each node finding at its node in the file, with a path relative to the current folder', async () => {
    const { stdout } = await runCli(['analyze', '.', '--sarif'], { cwd: root });
    const run = (JSON.parse(stdout) as SarifLog).runs[0]!;
    const inIntake = run.results.filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'intake%20flow.json');
    const orphan = inIntake.find((r) => r.ruleId === 'structure/orphan-node');
    expect(orphan?.level).toBe('warning');
    expect(orphan?.locations[0]!.physicalLocation.region.startLine).toBe(lineOfNode(webhookText, 'Forgotten'));
    const retry = inIntake.find((r) => r.ruleId === 'reliability/http-without-retry');
    expect(retry?.locations[0]!.physicalLocation.region).toEqual({ startLine: lineOfNode(webhookText, 'HTTP Request'), startColumn: 5 });
    const webhook = inIntake.find((r) => r.ruleId === 'security/unauthenticated-webhook');
    expect(webhook?.level).toBe('error');
    expect(webhook?.locations[0]!.physicalLocation.region.startLine).toBe(lineOfNode(webhookText, 'Incoming order'));
    for (const result of run.results) {
      expect(result.locations[0]!.physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    }
  });

  it('points an invalid-JSON finding at where parsing failed', async () => {
    const { stdout } = await runCli(['analyze', 'broken.json', '--sarif'], { cwd: root });
    const [result] = (JSON.parse(stdout) as SarifLog).runs[0]!.results;
    expect(result!.ruleId).toBe('structure/invalid-workflow');
    expect(result!.level).toBe('error');
    expect(result!.locations[0]!.physicalLocation.region.startLine).toBe(4);
  });

  it('reports a file that could not be read as a tool notification, and still validates', async () => {
    const { code, stdout } = await runCli(['analyze', '.', '--sarif'], { cwd: root, env: { MAX_BODY_BYTES: '120' } });
    expect(code).toBe(1);
    const log = JSON.parse(stdout) as SarifLog;
    expect(validateSarif(log)).toBe(true);
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text)).toEqual([
      expect.stringMatching(/^intake flow\.json: larger than 120 bytes/),
    ]);
  });
});

describe('WorkflowLocator', () => {
  const text = [
    '{',
    '  "nodes": [',
    '    {"name": "Say \\"hi\\" ✓", "id": "n1"},',
    '    {"name": "Twice"},',
    '    {"name": "Twice"}',
    '  ]',
    '}',
  ].join('\n');

  it('finds a node by the name as the analyzer reads it (escapes decoded), at its object', () => {
    expect(new WorkflowLocator(text).locate(null, 'Say "hi" ✓')).toEqual({ line: 3, column: 5 });
  });

  it('prefers the id, takes the first of a duplicated name, and falls back to the file start', () => {
    const locator = new WorkflowLocator(text);
    expect(locator.locate('n1', 'Twice')).toEqual({ line: 3, column: 5 });
    expect(locator.locate(null, 'Twice')).toEqual({ line: 4, column: 5 });
    expect(locator.locate(null, 'Nobody')).toEqual({ line: 1, column: 1 });
    expect(locator.locate(null, null)).toEqual({ line: 1, column: 1 });
  });

  it('points at the first parse error of invalid JSON', () => {
    expect(new WorkflowLocator('{\n  "nodes": [\n    {"name": }\n').locate(null, null)).toEqual({ line: 3, column: 14 });
  });
});
