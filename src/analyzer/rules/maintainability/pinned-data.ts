import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';

/**
 * Pinned data replaces a node's output in manual runs: tests pass against stale samples, and
 * the samples (often real customer records) ship with every export of the workflow.
 */
export const pinnedData = defineRule({
  id: 'maintainability/pinned-data',
  category: 'MAINTAINABILITY',
  severity: 'LOW',
  title: 'Pinned data left in the workflow',
  description:
    'Test data pinned to nodes is saved with the workflow: manual runs use it instead of real output, and it travels with every export (often real records).',
  remediation: 'Unpin the data on each node once testing is done, before sharing or exporting the workflow.',
  *check(ctx) {
    const pinData = ctx.graph.pinData;
    if (!pinData) return;
    for (const [name, items] of Object.entries(pinData)) {
      if (Array.isArray(items) && items.length === 0) continue;
      const node = ctx.nodeByName.get(name);
      if (node) yield { node, message: `${describeNode(node)} has pinned test data` };
      else yield { message: `Workflow has pinned test data for "${name}", which is not a node of this workflow` };
    }
  },
});
