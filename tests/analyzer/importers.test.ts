import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, importWorkflow, nativeJsonSchema } from '../../src/analyzer/importers/index.js';
import { analyze } from '../../src/analyzer/index.js';
import { connections, findingsOf, n8nWorkflow, node } from './helpers.js';

const LC = '@n8n/n8n-nodes-langchain';

function invalidMessages(input: unknown): string[] {
  return findingsOf(analyze(input), 'structure/invalid-workflow').map((f) => f.message);
}

describe('n8n importer', () => {
  it('reads nodes with their settings and maps types to kinds', () => {
    const { graph, invalid } = importWorkflow(
      n8nWorkflow({
        nodes: [
          node('Hook', 'webhook'),
          node('Check', 'if'),
          node('Route', 'switch'),
          node('Join', 'merge'),
          node('Loop', 'splitInBatches'),
          node('Pause', 'wait'),
          node('Script', 'code'),
          node('Legacy', 'function'),
          node('Reply', 'respondToWebhook'),
          node('Note', 'stickyNote'),
          node('Click', 'manualTrigger'),
          node('Start', 'start'),
          node('On error', 'errorTrigger'),
          node('Called', 'executeWorkflowTrigger'),
          node('New row', 'googleSheetsTrigger'),
          node('Call API', 'httpRequest', { retryOnFail: true, maxTries: 4, waitBetweenTries: 2000, onError: 'continueErrorOutput', disabled: true }),
        ],
      }),
    );
    expect(invalid).toBe(false);
    expect(graph.nodes.map((n) => n.kind)).toEqual([
      'TRIGGER', 'CONDITION', 'SWITCH', 'MERGE', 'LOOP', 'WAIT', 'CODE', 'CODE', 'RESPOND', 'NOTE',
      'MANUAL_TRIGGER', 'MANUAL_TRIGGER', 'ERROR_TRIGGER', 'TRIGGER', 'TRIGGER', 'ACTION',
    ]);
    expect(graph.nodes[15]).toMatchObject({ index: 15, id: 'node-16', retryOnFail: true, maxTries: 4, waitBetweenTries: 2000, onError: 'continueErrorOutput', disabled: true });
  });

  it('tells LangChain roots from sub-nodes, including vector stores by mode', () => {
    const { graph } = importWorkflow(
      n8nWorkflow({
        nodes: [
          node('Agent', `${LC}.agent`),
          node('Chain', `${LC}.chainLlm`),
          node('Model', `${LC}.lmChatOpenAi`),
          node('Memory', `${LC}.memoryBufferWindow`),
          node('Tool', `${LC}.toolHttpRequest`),
          node('Parser', `${LC}.outputParserStructured`),
          node('Sheets tool', 'googleSheetsTool'),
          node('Store as tool', `${LC}.vectorStorePinecone`, { parameters: { mode: 'retrieve-as-tool' } }),
          node('Store insert', `${LC}.vectorStorePinecone`, { parameters: { mode: 'insert' } }),
          node('Chat', `${LC}.chatTrigger`),
        ],
      }),
    );
    expect(graph.nodes.map((n) => n.kind)).toEqual([
      'AI_ROOT', 'AI_ROOT', 'AI_SUBNODE', 'AI_SUBNODE', 'AI_SUBNODE', 'AI_SUBNODE', 'AI_SUBNODE', 'AI_SUBNODE', 'AI_ROOT', 'TRIGGER',
    ]);
  });

  it('turns null and empty slots into no edges and keeps output indexes', () => {
    const { graph } = importWorkflow(
      n8nWorkflow({
        nodes: [node('Check', 'if'), node('No', 'noOp')],
        connections: { Check: { main: [null, [{ node: 'No', type: 'main', index: 0 }], []] } },
      }),
    );
    expect(graph.edges).toEqual([{ from: 'Check', to: 'No', type: 'main', outputIndex: 1, inputIndex: 0 }]);
    expect(graph.importIssues).toEqual([]);
  });

  it('keeps ai_* edges with their type, from sub-node to root', () => {
    const { graph } = importWorkflow(
      n8nWorkflow({
        nodes: [node('Agent', `${LC}.agent`), node('Model', `${LC}.lmChatOpenAi`), node('Memory', `${LC}.memoryBufferWindow`)],
        connections: connections(['Model', 'Agent', 0, 'ai_languageModel'], ['Memory', 'Agent', 0, 'ai_memory']),
      }),
    );
    expect(graph.edges.map((e) => `${e.from}-${e.type}->${e.to}`)).toEqual(['Model-ai_languageModel->Agent', 'Memory-ai_memory->Agent']);
  });

  it('keeps connections whose ends name no node, for the rules to report', () => {
    const { graph } = importWorkflow(
      n8nWorkflow({
        nodes: [node('A', 'manualTrigger')],
        connections: { A: { main: [[{ node: 'Gone', type: 'main', index: 0 }]] }, 'f3a1-uuid': { main: [[{ node: 'A', type: 'main', index: 0 }]] } },
      }),
    );
    expect(graph.edges.map((e) => [e.from, e.to])).toEqual([['A', 'Gone'], ['f3a1-uuid', 'A']]);
  });

  it('reports malformed connection entries as invalid-connection, with their path, and keeps the rest', () => {
    const report = analyze(
      n8nWorkflow({
        nodes: [node('Start', 'manualTrigger'), node('B', 'noOp')],
        connections: {
          Start: { main: [[{ node: 'B', type: 'main', index: 0 }, 'B', { type: 'main', index: 0 }, { node: 'B', type: 'main', index: '0' }]], ai_tool: {} },
          B: 7,
        },
      }),
    );
    const messages = findingsOf(report, 'structure/invalid-connection').map((f) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'connections["Start"].main[0][1] is a string, not a {node, type, index} object',
        'connections["Start"].main[0][2].node is missing: the connection has no target',
        'connections["Start"].main[0][3].index is a string, not a number: read as input 0',
        'connections["Start"].ai_tool is an object, not an array of outputs',
        'connections["B"] is a number, not an object keyed by connection type',
      ]),
    );
    // The entry with a string index still connects Start to B (on input 0).
    expect(report.edgeCount).toBe(2);
  });

  it('keeps pinData and settings, and reads sticky notes as NOTE nodes', () => {
    const { graph } = importWorkflow(
      n8nWorkflow({
        nodes: [node('Hook', 'webhook'), node('Read me', 'stickyNote', { parameters: { content: '## Why' } })],
        settings: { errorWorkflow: '42' },
        pinData: { Hook: [{ json: { a: 1 } }] },
        active: true,
      }),
    );
    expect(graph.pinData).toEqual({ Hook: [{ json: { a: 1 } }] });
    expect(graph.settings).toEqual({ errorWorkflow: '42' });
    expect(graph.active).toBe(true);
    expect(graph.nodes[1]?.kind).toBe('NOTE');
  });

  it('accepts a JSON string, with or without a byte-order mark', () => {
    const wf = n8nWorkflow({ nodes: [node('Hook', 'webhook')] });
    expect(importWorkflow(JSON.stringify(wf)).graph.nodes).toHaveLength(1);
    expect(importWorkflow(`\uFEFF${JSON.stringify(wf)}`).graph.nodes).toHaveLength(1);
  });
});

describe('files that are not workflows', () => {
  it.each([
    ['text that is not JSON', '{"nodes": [', /^the file is not valid JSON: /],
    ['a JSON array', '[]', /^the workflow is an array, not a JSON object$/],
    ['null', null, /^the workflow is null, not a JSON object$/],
    ['an object without nodes', { name: 'x', connections: {} }, /^nodes is missing: not an n8n workflow$/],
    ['nodes that is not an array', { nodes: { a: 1 } }, /^nodes is an object, not an array$/],
  ])('%s gives invalid-workflow and no exception', (_label, input, message) => {
    const messages = invalidMessages(input);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it('names the field at fault for each bad node', () => {
    const messages = invalidMessages({
      nodes: [
        { name: 'Ok', type: 'n8n-nodes-base.noOp', position: [0, 0] },
        { type: 'n8n-nodes-base.noOp' },
        { name: 'No type', position: [0, 0] },
        { name: 'Bad position', type: 'n8n-nodes-base.noOp', position: [0] },
        'just a string',
        { name: '', type: 'n8n-nodes-base.noOp', parameters: [] },
      ],
    });
    // Sorted by message in the report, like every finding.
    expect(messages).toEqual([
      'nodes[1].name is missing',
      'nodes[2].type is missing',
      'nodes[3].position is not an [x, y] pair of numbers',
      'nodes[4] is a string, not a node object',
      'nodes[5].name is empty',
      'nodes[5].parameters is an array, not an object',
    ]);
  });

  it('runs no other rule on an invalid workflow and scores it below passing', () => {
    const report = analyze({ nodes: [{ type: 'n8n-nodes-base.webhook' }] });
    expect(new Set(report.findings.map((f) => f.ruleId))).toEqual(new Set(['structure/invalid-workflow']));
    expect(report.score.passing).toBe(false);
  });

  it('reads the broken export in the corpus (keys wrapped in quotes) as invalid', () => {
    const text = readFileSync(new URL('../fixtures/corpus/n8n/workflows/Export__1597_Export.json', import.meta.url), 'utf8');
    expect(invalidMessages(text)).toEqual(['nodes is missing: not an n8n workflow']);
  });
});

describe('native importer', () => {
  const native = {
    format: 'native',
    version: 1,
    name: 'Sync invoices',
    active: true,
    nodes: [
      { id: 't1', name: 'Every night', kind: 'TRIGGER', type: 'schedule' },
      { id: 'c1', name: 'Has invoices?', kind: 'CONDITION' },
      { id: 'a1', name: 'Upload', kind: 'ACTION', type: 'http.request', parameters: { url: 'https://x.example' }, retry: { maxTries: 3, waitMs: 1000 }, onError: 'continueErrorOutput' },
    ],
    edges: [
      { from: 't1', to: 'c1' },
      { from: 'Has invoices?', to: 'a1', output: 0 },
    ],
  };

  it('reads nodes with their declared kind and resolves edges by id or name', () => {
    const { graph, invalid, format } = importWorkflow(native);
    expect(invalid).toBe(false);
    expect(format).toBe('NATIVE');
    expect(graph.active).toBe(true);
    expect(graph.nodes.map((n) => [n.name, n.kind, n.type])).toEqual([
      ['Every night', 'TRIGGER', 'schedule'],
      ['Has invoices?', 'CONDITION', 'CONDITION'],
      ['Upload', 'ACTION', 'http.request'],
    ]);
    expect(graph.nodes[2]).toMatchObject({ retryOnFail: true, maxTries: 3, waitBetweenTries: 1000, onError: 'continueErrorOutput' });
    expect(graph.edges).toEqual([
      { from: 'Every night', to: 'Has invoices?', type: 'main', outputIndex: 0, inputIndex: 0 },
      { from: 'Has invoices?', to: 'Upload', type: 'main', outputIndex: 0, inputIndex: 0 },
    ]);
  });

  it('keeps an edge to an unknown node so dangling-connection can report it', () => {
    const { graph } = importWorkflow({ ...native, edges: [{ from: 't1', to: 'nowhere' }] });
    expect(graph.edges[0]).toMatchObject({ from: 'Every night', to: 'nowhere' });
  });

  it('reports schema violations with the path of the bad field', () => {
    const messages = invalidMessages({
      ...native,
      nodes: [{ id: 't1', kind: 'TRIGGER' }, { id: 'x', name: 'X', kind: 'ROBOT' }],
      edges: [{ from: 't1', to: 'x', output: -1 }],
    });
    expect(messages).toHaveLength(3);
    expect(messages).toEqual(
      expect.arrayContaining(['nodes[0].name is missing', expect.stringMatching(/^nodes\[1\]\.kind: /), expect.stringMatching(/^edges\[0\]\.output: /)]),
    );
  });

  it('is described by the committed JSON Schema, generated from the importer', () => {
    const committed = JSON.parse(readFileSync(new URL('../../src/analyzer/importers/native.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(nativeJsonSchema());
  });
});

describe('format detection', () => {
  it('detects native by its format field and treats everything else as n8n', () => {
    expect(detectFormat({ format: 'native', version: 1 })).toBe('NATIVE');
    expect(detectFormat('{"format":"native"}')).toBe('NATIVE');
    expect(detectFormat({ nodes: [], connections: {} })).toBe('N8N');
    expect(detectFormat('not json')).toBe('N8N');
  });

  it('obeys an explicit format over detection', () => {
    const report = analyze(n8nWorkflow({ nodes: [node('Hook', 'webhook')] }), { format: 'NATIVE' });
    expect(report.format).toBe('NATIVE');
    expect(findingsOf(report, 'structure/invalid-workflow').length).toBeGreaterThan(0);
  });
});
