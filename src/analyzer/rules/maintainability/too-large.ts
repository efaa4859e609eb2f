import { defineRule } from '../rule.js';

/** Past these sizes a workflow no longer fits on a screen and deserves sub-workflows. */
const LARGE = 20;
const VERY_LARGE = 50;

export const tooLarge = defineRule({
  id: 'maintainability/too-large',
  category: 'MAINTAINABILITY',
  severity: 'INFO',
  title: 'Workflow too large',
  description:
    'More than 20 nodes (INFO) or more than 50 nodes (MEDIUM), sticky notes not counted: hard to read, review and test as one piece.',
  remediation: 'Move self-contained parts into sub-workflows (Execute Workflow) with clear inputs and outputs.',
  *check(ctx) {
    let count = 0;
    for (const node of ctx.nodes) if (node.kind !== 'NOTE') count++;
    if (count <= LARGE) return;
    yield {
      severity: count > VERY_LARGE ? 'MEDIUM' : 'INFO',
      message: `Workflow has ${count} nodes (more than ${count > VERY_LARGE ? VERY_LARGE : LARGE})`,
    };
  },
});
