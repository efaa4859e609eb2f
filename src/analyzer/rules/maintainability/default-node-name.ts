import type { NodeKind } from '../../model.js';
import { defineRule } from '../rule.js';
import { displayNameOf, displayNamesOf } from '../node-display-names.js';

/** Case, spaces and punctuation do not make a name descriptive: "HTTP request 2" is a default. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** The node's name is one of its type's display names, optionally followed by digits. */
export function hasDefaultName(node: { name: string; type: string }): boolean {
  const name = normalize(node.name).replace(/\d+$/, '');
  if (name === '') return false;
  return displayNamesOf(node.type).some((display) => normalize(display).replace(/\d+$/, '') === name);
}

/**
 * Nodes whose type says all there is to say: a sticky note, the manual trigger, and AI sub-nodes
 * (a model, memory or parser hangs off one agent; "OpenAI Chat Model" is the useful name).
 */
const SELF_DESCRIBING_KINDS: ReadonlySet<NodeKind> = new Set(['NOTE', 'MANUAL_TRIGGER', 'AI_SUBNODE']);

export const defaultNodeName = defineRule({
  id: 'maintainability/default-node-name',
  category: 'MAINTAINABILITY',
  severity: 'LOW',
  title: 'Node still has its default name',
  description:
    'A node named after its type ("HTTP Request1", "Code", "Edit Fields2"): the canvas, execution logs and expressions such as $(\'HTTP Request1\') say nothing about what it does.',
  remediation: 'Rename the node after what it does ("Fetch open invoices", "Format Slack message").',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (SELF_DESCRIBING_KINDS.has(node.kind) || !hasDefaultName(node)) continue;
      yield { node, message: `${displayNameOf(node.type)} node "${node.name}" still has its default name` };
    }
  },
});
