import { defineRule } from '../rule.js';

export const callerPolicyAny = defineRule({
  id: 'security/caller-policy-any',
  category: 'SECURITY',
  severity: 'LOW',
  title: 'Any workflow may call this one',
  description:
    'settings.callerPolicy is "any": every workflow on the instance, whoever owns it, can run this workflow as a sub-workflow and use the credentials it holds.',
  remediation:
    'Set "This workflow can be called by" to "Only workflows I own" or to a list of workflow ids.',
  *check(ctx) {
    if (ctx.graph.settings.callerPolicy !== 'any') return;
    yield { message: 'Workflow settings allow any workflow on the instance to call this workflow (callerPolicy "any")' };
  },
});
