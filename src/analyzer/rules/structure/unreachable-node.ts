import { isSticky, nodeRef, orphanNodes, reachableFromTriggers, triggerNodes } from '../../graph.js';
import { defineRule } from '../rule.js';
import { detachedSubNodes } from './ai-attachment.js';

/**
 * Nodes no run can reach: wired, but only to other nodes no trigger leads to (a fragment left
 * behind after an edit). Orphans and detached AI sub-nodes have their own, more precise rule;
 * a workflow without any trigger is reported once by structure/no-trigger instead.
 */
export const unreachableNode = defineRule({
  id: 'structure/unreachable-node',
  category: 'STRUCTURE',
  severity: 'MEDIUM',
  title: 'Unreachable node',
  description:
    'No trigger leads to the node (following connections forward from every trigger, from an agent or chain to the sub-nodes attached to it, and — under the legacy execution order — from a Merge to the branches upstream of it, which n8n runs when an input is missing), so it never runs. Disabled nodes are reported by reliability/disabled-node instead.',
  remediation: 'Connect the fragment to the flow that should run it, give it its own trigger, or delete it.',
  *check(ctx) {
    if (triggerNodes(ctx).length === 0) return;
    const reachable = reachableFromTriggers(ctx);
    const orphans = orphanNodes(ctx);
    const detached = detachedSubNodes(ctx);
    for (const node of ctx.nodes) {
      if (reachable[node.index] || isSticky(node) || orphans.has(node.index) || detached.has(node.index)) continue;
      if (node.disabled) continue; // one finding per cause: reliability/disabled-node reports it
      yield { node: nodeRef(node), message: `Node "${node.name}" cannot be reached from any trigger` };
    }
  },
});
