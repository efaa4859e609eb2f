import { nodeRef } from '../../graph.js';
import { defineRule } from '../rule.js';
import { detachedSubNodes, needsLanguageModel } from './ai-attachment.js';

/**
 * A model, memory, tool or parser only runs when a root (agent, chain) pulls it through an ai_*
 * connection; and an agent or chain without a language model fails on its first item.
 */
export const aiSubnodeDetached = defineRule({
  id: 'structure/ai-subnode-detached',
  category: 'STRUCTURE',
  severity: 'HIGH',
  title: 'AI sub-node detached',
  description:
    'An AI sub-node (model, memory, tool, output parser, embeddings…) is attached to no agent or chain, so it never runs; or an agent or chain has no language model attached and fails when it runs.',
  remediation: 'Attach the sub-node to the agent or chain that should use it (or delete it); give every agent and LLM chain a chat model.',
  *check(ctx) {
    const detached = detachedSubNodes(ctx);
    for (const node of ctx.nodes) {
      if (detached.has(node.index)) {
        yield { node: nodeRef(node), message: `AI sub-node "${node.name}" is not attached to any agent or chain` };
        continue;
      }
      if (!needsLanguageModel(node)) continue;
      const hasModel = ctx.in(node.name, 'ai_languageModel').some((edge) => ctx.nodeByName.has(edge.from));
      if (!hasModel) {
        yield { node: nodeRef(node), message: `Node "${node.name}" has no language model attached` };
      }
    }
  },
});
