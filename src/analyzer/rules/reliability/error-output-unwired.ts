import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';
import { regularOutputCount } from './normal-outputs.js';

export const errorOutputUnwired = defineRule({
  id: 'reliability/error-output-unwired',
  category: 'RELIABILITY',
  severity: 'HIGH',
  title: 'Error output not connected',
  description:
    'A node set to "continue (using error output)" whose error output leads nowhere: failed items leave the node and vanish, and the run still looks successful.',
  remediation:
    'Connect the error output to nodes that log, alert or retry; or set "On Error" back to "Stop Workflow" if failures should stop the run.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (node.onError !== 'continueErrorOutput' || node.disabled) continue;
      const errorOutput = regularOutputCount(node);
      if (errorOutput === undefined) continue;
      const wired = ctx.out(node.name, 'main').some((edge) => edge.outputIndex === errorOutput);
      if (!wired) {
        yield { node, message: `${describeNode(node)} sends failed items to an error output that is not connected` };
      }
    }
  },
});
