import { describe, expect, it } from 'vitest';
import { connections, n8nWorkflow, node } from '../../helpers.js';
import { structureFindings } from './run.js';

const ID = 'structure/ai-subnode-detached';
const LC = '@n8n/n8n-nodes-langchain';
const chat = node('Chat', `${LC}.chatTrigger`);

describe('structure/ai-subnode-detached', () => {
  it('reports a chat model attached to nothing', () => {
    const wf = n8nWorkflow({
      nodes: [chat, node('Agent', `${LC}.agent`), node('Model', `${LC}.lmChatOpenAi`), node('Spare model', `${LC}.lmChatGoogleGemini`)],
      connections: connections(['Chat', 'Agent'], ['Model', 'Agent', 0, 'ai_languageModel']),
    });
    const findings = structureFindings(wf, ID);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      nodeName: 'Spare model',
      severity: 'HIGH',
      message: 'AI sub-node "Spare model" is not attached to any agent or chain',
    });
  });

  it('reports a sub-node whose ai connection points to a node that does not exist', () => {
    const wf = n8nWorkflow({
      nodes: [chat, node('Agent', `${LC}.agent`), node('Model', `${LC}.lmChatOpenAi`), node('Memory', `${LC}.memoryBufferWindow`)],
      connections: connections(['Chat', 'Agent'], ['Model', 'Agent', 0, 'ai_languageModel'], ['Memory', 'Old Agent', 0, 'ai_memory']),
    });
    expect(structureFindings(wf, ID).map((f) => f.nodeName)).toEqual(['Memory']);
  });

  it('reports an agent without a language model', () => {
    const wf = n8nWorkflow({
      nodes: [chat, node('Agent', `${LC}.agent`), node('Tool', `${LC}.toolCalculator`)],
      connections: connections(['Chat', 'Agent'], ['Tool', 'Agent', 0, 'ai_tool']),
    });
    expect(structureFindings(wf, ID)).toEqual([
      expect.objectContaining({ nodeName: 'Agent', message: 'Node "Agent" has no language model attached' }),
    ]);
  });

  it('stays silent on a fully wired agent with model, memory, tool and parser', () => {
    const wf = n8nWorkflow({
      nodes: [
        chat,
        node('Agent', `${LC}.agent`),
        node('Model', `${LC}.lmChatOpenAi`),
        node('Memory', `${LC}.memoryBufferWindow`),
        node('Tool', `${LC}.toolCalculator`),
        node('Parser', `${LC}.outputParserStructured`),
      ],
      connections: connections(
        ['Chat', 'Agent'],
        ['Model', 'Agent', 0, 'ai_languageModel'],
        ['Memory', 'Agent', 0, 'ai_memory'],
        ['Tool', 'Agent', 0, 'ai_tool'],
        ['Parser', 'Agent', 0, 'ai_outputParser'],
      ),
    });
    expect(structureFindings(wf, ID)).toEqual([]);
  });

  it('does not treat a vector store inserting documents in the main flow as a detached sub-node', () => {
    const wf = n8nWorkflow({
      nodes: [
        node('Schedule', 'scheduleTrigger'),
        node('Store', `${LC}.vectorStorePinecone`, { parameters: { mode: 'insert' } }),
        node('Embeddings', `${LC}.embeddingsOpenAi`),
        node('Loader', `${LC}.documentDefaultDataLoader`),
      ],
      connections: connections(
        ['Schedule', 'Store'],
        ['Embeddings', 'Store', 0, 'ai_embedding'],
        ['Loader', 'Store', 0, 'ai_document'],
      ),
    });
    expect(structureFindings(wf, ID)).toEqual([]);
  });
});
