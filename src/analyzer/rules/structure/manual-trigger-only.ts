import { isTrigger, nodeRef } from '../../graph.js';
import { defineRule } from '../rule.js';

/** A workflow started only by a person clicking "Execute" cannot be activated in production. */
export const manualTriggerOnly = defineRule({
  id: 'structure/manual-trigger-only',
  category: 'STRUCTURE',
  severity: 'INFO',
  title: 'Manual trigger only',
  description:
    'The only enabled trigger is a manual one (Manual Trigger, legacy Start, manual chat): the workflow runs only when someone clicks "Execute" and cannot be activated.',
  remediation: 'If the workflow should run unattended, add a Schedule, Webhook or app trigger; if it is a tool run by hand, nothing to do.',
  *check(ctx) {
    const enabled = ctx.nodes.filter((node) => isTrigger(node) && !node.disabled);
    if (enabled.length === 0 || enabled.some((trigger) => trigger.kind !== 'MANUAL_TRIGGER')) return;
    const first = enabled[0]!;
    yield {
      node: nodeRef(first),
      message: `Node "${first.name}" is the only kind of trigger: the workflow runs only when started by hand`,
    };
  },
});
