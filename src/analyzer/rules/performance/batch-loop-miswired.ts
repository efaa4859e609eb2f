import type { AnalysisContext } from '../../context.js';
import type { WorkflowNode } from '../../model.js';
import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';
import { loopOutputs, type LoopOutputs } from '../structure/outputs.js';
import { mainComponents } from './main-components.js';

export const batchLoopMiswired = defineRule({
  id: 'performance/batch-loop-miswired',
  category: 'PERFORMANCE',
  severity: 'HIGH',
  title: 'Batch loop wired wrong',
  description:
    'A Loop Over Items (SplitInBatches) node whose loop output never leads back to it (only the first batch is processed), or whose done and loop outputs are swapped (the loop body runs once on everything, after the loop).',
  remediation:
    'Connect the "loop" output to the nodes that process one batch and connect the last of them back to the Loop Over Items node; connect "done" to what should run once all batches are processed.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (node.kind !== 'LOOP' || node.type !== 'n8n-nodes-base.splitInBatches' || node.disabled) continue;
      // V2 names its outputs [loop, done], V3 [done, loop]; V1 has a single output.
      const outputs = loopOutputs(node);
      const problem = outputs ? loopProblem(ctx, node, outputs) : legacyLoopProblem(ctx, node);
      if (problem) yield { node, message: `${describeNode(node)} ${problem}` };
    }
  },
});

/** Whether some edge from this output of the loop node leads back to the loop node. */
function outputComesBack(ctx: AnalysisContext, loop: WorkflowNode, output: number): boolean {
  const components = mainComponents(ctx);
  const own = components.get(loop.name);
  return ctx
    .out(loop.name, 'main')
    .some((edge) => edge.outputIndex === output && (edge.to === loop.name || components.get(edge.to) === own));
}

function hasEdges(ctx: AnalysisContext, loop: WorkflowNode, output: number): boolean {
  return ctx.out(loop.name, 'main').some((edge) => edge.outputIndex === output);
}

function loopProblem(ctx: AnalysisContext, loop: WorkflowNode, outputs: LoopOutputs): string | null {
  if (outputComesBack(ctx, loop, outputs.loop)) return null;
  if (outputComesBack(ctx, loop, outputs.done)) {
    return 'has its outputs swapped: the "done" output feeds the loop body that comes back, the "loop" output does not';
  }
  if (!hasEdges(ctx, loop, outputs.loop)) {
    return 'has nothing on its "loop" output: no batch is ever processed';
  }
  return 'has a "loop" output that never comes back to it: only the first batch is processed';
}

/** v1 has a single output; the batch flow must come back for the next batch to run. */
function legacyLoopProblem(ctx: AnalysisContext, loop: WorkflowNode): string | null {
  if (!hasEdges(ctx, loop, 0) || outputComesBack(ctx, loop, 0)) return null;
  return 'never gets its batches back: only the first batch is processed';
}
