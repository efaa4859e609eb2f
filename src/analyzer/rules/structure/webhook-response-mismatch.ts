import { backwardClosure, forwardClosure, nodeRef } from '../../graph.js';
import type { WorkflowNode } from '../../model.js';
import { defineRule } from '../rule.js';

/**
 * A webhook (or form/chat trigger) set to "Using 'Respond to Webhook' node" leaves the caller
 * waiting until it times out when no Respond to Webhook node follows it; a Respond to Webhook
 * node that no such trigger leads to never responds (n8n fails the run instead).
 */
export const webhookResponseMismatch = defineRule({
  id: 'structure/webhook-response-mismatch',
  category: 'STRUCTURE',
  severity: 'CRITICAL',
  title: 'Webhook response mismatch',
  description:
    "A webhook set to respond through a 'Respond to Webhook' node has none after it, so callers wait until they time out; or a 'Respond to Webhook' node follows no webhook set to respond that way, so it never answers.",
  remediation:
    "Add a Respond to Webhook node on every path after the webhook, or set the webhook's Respond option to 'Immediately' or 'When last node finishes'; remove or rewire stray Respond to Webhook nodes.",
  *check(ctx) {
    const responders = ctx.nodes.filter((node) => node.kind === 'RESPOND');
    const waiting = ctx.nodes.filter(waitsForRespondNode);
    if (responders.length === 0 && waiting.length === 0) return;

    // Two multi-source searches instead of one per webhook: linear however many webhooks.
    const leadsToResponder = backwardClosure(ctx, responders.map((node) => node.index));
    for (const webhook of waiting) {
      if (leadsToResponder[webhook.index]) continue;
      yield {
        node: nodeRef(webhook),
        message: `Webhook "${webhook.name}" waits for a Respond to Webhook node, but none follows it: callers wait until they time out`,
      };
    }
    const answered = forwardClosure(ctx, waiting.map((node) => node.index));
    for (const responder of responders) {
      if (answered[responder.index]) continue;
      yield {
        node: nodeRef(responder),
        message:
          waiting.length === 0
            ? `Node "${responder.name}" responds to a webhook, but no webhook in this workflow is set to respond through a Respond to Webhook node`
            : `Node "${responder.name}" is not after any webhook set to respond through a Respond to Webhook node, so it never answers`,
      };
    }
  },
});

function waitsForRespondNode(node: WorkflowNode): boolean {
  return node.kind === 'TRIGGER' && node.parameters.responseMode === 'responseNode';
}
