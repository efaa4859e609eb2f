import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';

/**
 * Node types n8n replaced and hides from the node panel, with what replaces each. A Map: a node
 * typed `constructor` or `toString` must not find Object.prototype's members.
 */
const LEGACY_NODE_TYPES: ReadonlyMap<string, string> = new Map(Object.entries({
  'n8n-nodes-base.start': 'a Manual Trigger',
  'n8n-nodes-base.cron': 'the Schedule Trigger',
  'n8n-nodes-base.function': 'the Code node',
  'n8n-nodes-base.functionItem': 'the Code node ("Run Once for Each Item")',
}));

export const legacyNode = defineRule({
  id: 'maintainability/legacy-node',
  category: 'MAINTAINABILITY',
  severity: 'INFO',
  title: 'Legacy node type',
  description:
    'Node types n8n has replaced (Start, Cron, Function, FunctionItem): they get no fixes or new features and may be removed in a future version.',
  remediation: 'Replace the node with its successor and re-check the expressions that refer to it.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      const replacement = LEGACY_NODE_TYPES.get(node.type);
      if (replacement) yield { node, message: `${describeNode(node)} is a legacy node type: use ${replacement}` };
    }
  },
});
