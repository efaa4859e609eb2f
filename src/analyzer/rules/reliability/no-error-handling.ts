import { defineRule } from '../rule.js';
import { nodeHandlesErrors } from './error-handling.js';

/** Up to this many nodes a workflow is small enough that a failure is obvious in the UI. */
const SMALL_WORKFLOW_NODES = 3;

export const noErrorHandling = defineRule({
  id: 'reliability/no-error-handling',
  category: 'RELIABILITY',
  severity: 'MEDIUM',
  title: 'No error handling at all',
  description:
    'A workflow of more than 3 nodes with no error handling anywhere: no node retries or continues on error, no error output is wired, there is no Error Trigger and no error workflow in the settings. A failure stops the run silently.',
  remediation:
    'Set an error workflow in the workflow settings (one with an Error Trigger that alerts you), and give nodes that call external services "Retry On Fail" or an error output.',
  *check(ctx) {
    const nodes = ctx.nodes.filter((node) => node.kind !== 'NOTE');
    if (nodes.length <= SMALL_WORKFLOW_NODES) return;
    const errorWorkflow = ctx.graph.settings.errorWorkflow;
    if (typeof errorWorkflow === 'string' && errorWorkflow.trim() !== '') return;
    if (nodes.some((node) => node.kind === 'ERROR_TRIGGER' || nodeHandlesErrors(node))) return;
    yield {
      message: `Workflow has ${nodes.length} nodes and no error handling: no retry, no error output, no Error Trigger and no error workflow`,
    };
  },
});
