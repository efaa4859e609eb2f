import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';
import { callsExternalService, nodeHandlesErrors } from './error-handling.js';

/**
 * Network calls fail transiently (timeouts, 429, 502) far more often than logic does; a retry
 * turns most of those into a non-event. One finding per node, LOW: nearly every real workflow
 * has some, and the score caps this rule's total.
 */
export const httpWithoutRetry = defineRule({
  id: 'reliability/http-without-retry',
  category: 'RELIABILITY',
  severity: 'LOW',
  title: 'External call without retry or error handling',
  description:
    'An HTTP Request or app node (any node calling an external service; AI tool sub-nodes excepted) with neither "Retry On Fail" nor an "On Error" setting: one transient network error fails the whole run.',
  remediation:
    'Enable "Retry On Fail" in the node settings (for example 3 tries, 1–5 s apart), or set "On Error" to continue through the error output and handle the failure.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (!callsExternalService(node) || nodeHandlesErrors(node)) continue;
      yield { node, message: `${describeNode(node)} has no retry and no error handling` };
    }
  },
});
