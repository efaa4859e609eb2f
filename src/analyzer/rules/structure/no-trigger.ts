import { isSticky, isTrigger } from '../../graph.js';
import { defineRule } from '../rule.js';

/**
 * Without any enabled trigger (manual ones included — those are manual-trigger-only) nothing
 * can start the workflow. Disabled triggers do not count: n8n skips them.
 */
export const noTrigger = defineRule({
  id: 'structure/no-trigger',
  category: 'STRUCTURE',
  severity: 'CRITICAL',
  title: 'No trigger',
  description:
    'The workflow has no enabled trigger node (webhook, schedule, app trigger, form, chat, error or sub-workflow trigger…), so it can never run on its own.',
  remediation: 'Add a trigger that starts the workflow (a Schedule, a Webhook, an app trigger, or an Execute Workflow Trigger for a sub-workflow), or enable the disabled one.',
  *check(ctx) {
    const real = ctx.nodes.filter((node) => !isSticky(node));
    if (real.length === 0) return; // an empty canvas is not a broken workflow
    const triggers = real.filter(isTrigger);
    if (triggers.some((trigger) => !trigger.disabled)) return;
    yield {
      // No trigger at all is a defect beyond doubt (CRITICAL). Disabled triggers are usually a
      // workflow parked on purpose: less sure to be a mistake, so HIGH (docs/analyzer.md,
      // "Severity and confidence").
      severity: triggers.length === 0 ? 'CRITICAL' : 'HIGH',
      message:
        triggers.length === 0
          ? 'The workflow has no trigger node: it can never start'
          : `The workflow's only trigger${triggers.length === 1 ? ` "${triggers[0]!.name}" is` : 's are'} disabled: it can never start`,
    };
  },
});
