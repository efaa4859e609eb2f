import { describe, expect, it } from 'vitest';
import { connections, n8nWorkflow, node } from '../../helpers.js';
import { structureFindings } from './run.js';

const LC = '@n8n/n8n-nodes-langchain';

describe('structure/orphan-node', () => {
  it('reports a node in no connection at all', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Save', 'set'), node('HTTP Request1', 'httpRequest')],
      connections: connections(['Schedule', 'Save']),
    });
    const findings = structureFindings(wf, 'structure/orphan-node');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'HTTP Request1', severity: 'MEDIUM' });
    expect(findings[0]!.message).toBe('Node "HTTP Request1" is not connected to anything');
  });

  it('never reports sticky notes', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Save', 'set'), node('Read me', 'stickyNote')],
      connections: connections(['Schedule', 'Save']),
    });
    expect(structureFindings(wf, 'structure/orphan-node')).toEqual([]);
  });

  it('does not call a node wired only to AI sub-nodes an orphan', () => {
    const wf = n8nWorkflow({
      nodes: [node('Chat', `${LC}.chatTrigger`), node('Agent', `${LC}.agent`), node('Model', `${LC}.lmChatOpenAi`)],
      connections: connections(['Chat', 'Agent'], ['Model', 'Agent', 0, 'ai_languageModel']),
    });
    expect(structureFindings(wf, 'structure/orphan-node')).toEqual([]);
  });

  it('does not report the single node of a one-node workflow', () => {
    const wf = n8nWorkflow({ nodes: [node('Webhook', 'webhook')] });
    expect(structureFindings(wf, 'structure/orphan-node')).toEqual([]);
  });
});

describe('structure/unreachable-node', () => {
  it('reports a wired fragment that no trigger leads to', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Save', 'set'), node('Old Fetch', 'httpRequest'), node('Old Save', 'set')],
      connections: connections(['Schedule', 'Save'], ['Old Fetch', 'Old Save']),
    });
    const findings = structureFindings(wf, 'structure/unreachable-node');
    expect(findings.map((f) => f.nodeName)).toEqual(['Old Fetch', 'Old Save']);
    expect(findings[0]).toMatchObject({ severity: 'MEDIUM', message: 'Node "Old Fetch" cannot be reached from any trigger' });
  });

  it('follows IF and Switch branches, error outputs and loops forward', () => {
    const wf = n8nWorkflow({
      nodes: [
        node('Schedule', 'scheduleTrigger'),
        node('Check', 'if'),
        node('Yes', 'set'),
        node('No', 'httpRequest', { onError: 'continueErrorOutput' }),
        node('On error', 'set'),
        node('Loop', 'splitInBatches', { typeVersion: 3 }),
        node('Each', 'set'),
      ],
      connections: connections(
        ['Schedule', 'Check'],
        ['Check', 'Yes', 0],
        ['Check', 'No', 1],
        ['No', 'On error', 1],
        ['Yes', 'Loop'],
        ['Loop', 'Each', 1],
        ['Each', 'Loop'],
      ),
    });
    expect(structureFindings(wf, 'structure/unreachable-node')).toEqual([]);
  });

  it('counts AI sub-nodes (and sub-nodes of sub-nodes) of a reachable agent as reachable', () => {
    const wf = n8nWorkflow({
      nodes: [
        node('Chat', `${LC}.chatTrigger`),
        node('Agent', `${LC}.agent`),
        node('Model', `${LC}.lmChatOpenAi`),
        node('Memory', `${LC}.memoryBufferWindow`),
        node('Docs tool', `${LC}.toolVectorStore`),
        node('Store', `${LC}.vectorStoreInMemory`, { parameters: { mode: 'retrieve' } }),
        node('Embeddings', `${LC}.embeddingsOpenAi`),
      ],
      connections: connections(
        ['Chat', 'Agent'],
        ['Model', 'Agent', 0, 'ai_languageModel'],
        ['Memory', 'Agent', 0, 'ai_memory'],
        ['Docs tool', 'Agent', 0, 'ai_tool'],
        ['Store', 'Docs tool', 0, 'ai_vectorStore'],
        ['Embeddings', 'Store', 0, 'ai_embedding'],
      ),
    });
    expect(structureFindings(wf, 'structure/unreachable-node')).toEqual([]);
  });

  it('reports the sub-nodes of an agent that no trigger reaches', () => {
    const wf = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Save', 'set'), node('Agent', `${LC}.agent`), node('Model', `${LC}.lmChatOpenAi`)],
      connections: connections(['Schedule', 'Save'], ['Model', 'Agent', 0, 'ai_languageModel']),
    });
    expect(structureFindings(wf, 'structure/unreachable-node').map((f) => f.nodeName)).toEqual(['Agent', 'Model']);
  });

  it('leaves orphans, sticky notes and trigger-less workflows to their own rules', () => {
    const withOrphan = n8nWorkflow({
      nodes: [node('Schedule', 'scheduleTrigger'), node('Save', 'set'), node('Lonely', 'set'), node('Note', 'stickyNote')],
      connections: connections(['Schedule', 'Save']),
    });
    expect(structureFindings(withOrphan, 'structure/unreachable-node')).toEqual([]);
    const noTrigger = n8nWorkflow({ nodes: [node('A', 'set'), node('B', 'set')], connections: connections(['A', 'B']) });
    expect(structureFindings(noTrigger, 'structure/unreachable-node')).toEqual([]);
  });
});
