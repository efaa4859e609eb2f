import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';

export const deprecatedContinueOnFail = defineRule({
  id: 'reliability/deprecated-continue-on-fail',
  category: 'RELIABILITY',
  severity: 'INFO',
  title: 'Legacy continueOnFail flag',
  description:
    'The node uses the legacy `continueOnFail` flag, replaced by the "On Error" setting, which can also route failures to a separate error output.',
  remediation:
    'Open the node settings and choose "On Error": "Continue (using error output)" to handle failures separately, or "Continue" to keep the old behaviour.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (node.continueOnFail !== true) continue;
      yield { node, message: `${describeNode(node)} uses the legacy continueOnFail flag instead of "On Error"` };
    }
  },
});
