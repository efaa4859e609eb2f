import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node, type N8nNodeJson } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'maintainability/default-node-name';

const namesFlagged = (nodes: N8nNodeJson[]) => runRule(n8nWorkflow({ nodes }), RULE).map((f) => f.nodeName);

describe(RULE, () => {
  it('flags names equal to the type\'s display name, with or without digits', () => {
    const nodes = [
      node('HTTP Request1', 'httpRequest'),
      node('Code', 'code'),
      node('Set2', 'set'),
      node('Edit Fields', 'set'),
      node('IF', 'if'),
      node('Google Sheets3', 'googleSheets'),
      node('Telegram Trigger', 'telegramTrigger'),
    ];
    expect(namesFlagged(nodes)).toEqual(['HTTP Request1', 'Code', 'Set2', 'Edit Fields', 'IF', 'Google Sheets3', 'Telegram Trigger']);
  });

  it('names the node and its type in the message', () => {
    const [finding] = runRule(n8nWorkflow({ nodes: [node('HTTP Request1', 'httpRequest')] }), RULE);
    expect(finding).toMatchObject({ severity: 'LOW', message: 'HTTP Request node "HTTP Request1" still has its default name' });
  });

  it('accepts descriptive names, even ones that start with the type name', () => {
    const nodes = [node('Get users', 'httpRequest'), node('HTTP Request to CRM', 'httpRequest'), node('Code review summary', 'code')];
    expect(namesFlagged(nodes)).toEqual([]);
  });

  it('lets sticky notes, the manual trigger and AI sub-nodes keep their default names', () => {
    const nodes = [
      node('Sticky Note1', 'stickyNote'),
      node("When clicking 'Execute workflow'", 'manualTrigger'),
      node('OpenAI Chat Model', '@n8n/n8n-nodes-langchain.lmChatOpenAi'),
    ];
    expect(namesFlagged(nodes)).toEqual([]);
  });
});
