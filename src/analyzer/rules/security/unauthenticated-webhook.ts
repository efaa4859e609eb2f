import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';
import { checksRequestSecret } from './request-check.js';

/** Entry points that anyone who knows (or guesses) the URL can call. */
const PUBLIC_ENTRY_TYPES = new Set(['n8n-nodes-base.webhook', 'n8n-nodes-base.formTrigger']);

export const unauthenticatedWebhook = defineRule({
  id: 'security/unauthenticated-webhook',
  category: 'SECURITY',
  severity: 'HIGH',
  title: 'Unauthenticated webhook',
  description:
    'A Webhook or Form trigger without authentication of its own, and with no check right after it that compares a header, a query-string secret or a signature and stops the run on a mismatch (an If with a stopping branch, a Filter, a Switch without fallback, or Code that throws): anyone who finds the URL can run the workflow with any data. HIGH when the workflow is active, MEDIUM otherwise.',
  remediation:
    'Set the trigger\'s Authentication (Header Auth, Basic Auth or JWT), or check a shared secret / signature in an If or Code node directly after it and stop the run when it does not match.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (!PUBLIC_ENTRY_TYPES.has(node.type) || node.disabled) continue;
      const authentication = node.parameters.authentication;
      if (typeof authentication === 'string' && authentication !== 'none') continue;
      const validated = ctx.out(node.name, 'main').some((edge) => {
        const next = ctx.nodeByName.get(edge.to);
        return next !== undefined && checksRequestSecret(ctx, next);
      });
      if (validated) continue;
      const active = ctx.graph.active;
      yield {
        node,
        severity: active ? 'HIGH' : 'MEDIUM',
        message: `${describeNode(node)} accepts requests without authentication and nothing validates them${active ? ' (the workflow is active)' : ''}`,
      };
    }
  },
});
