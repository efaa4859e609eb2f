import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';

/** A Map: `unit` is user text, and `constructor` must not find Object.prototype's. */
const MS_PER_UNIT: ReadonlyMap<string, number> = new Map([
  ['seconds', 1_000],
  ['minutes', 60_000],
  ['hours', 3_600_000],
  ['days', 86_400_000],
]);
const DAY_MS = 86_400_000;
const SEVEN_DAYS_MS = 7 * DAY_MS;

/**
 * A waiting execution keeps all its data in the database and holds a place until it resumes;
 * over a week, instance restarts, upgrades and workflow edits make resuming fragile.
 */
export const longWait = defineRule({
  id: 'performance/long-wait',
  category: 'PERFORMANCE',
  severity: 'LOW',
  title: 'Wait longer than 7 days',
  description:
    'A Wait node pausing for more than 7 days ("After Time Interval"): every paused execution is stored until then, and long pauses break on upgrades and workflow changes.',
  remediation:
    'Store the pending item (a table, a sheet) and let a Schedule Trigger workflow pick it up when due, instead of keeping an execution waiting.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (node.type !== 'n8n-nodes-base.wait' || node.disabled) continue;
      const duration = waitDurationMs(node.parameters, node.typeVersion ?? 1);
      if (duration === undefined || duration <= SEVEN_DAYS_MS) continue;
      const days = Math.round((duration / DAY_MS) * 10) / 10;
      yield { node, message: `${describeNode(node)} pauses each execution for ${days} days` };
    }
  },
});

/**
 * Duration of a time-interval wait with n8n's defaults: `resume` defaults to timeInterval,
 * `amount` to 1, `unit` to hours in v1 and seconds from v1.1. Undefined for other resume modes
 * and for amounts given by an expression (not knowable before run time).
 */
function waitDurationMs(parameters: Record<string, unknown>, version: number): number | undefined {
  const resume = parameters.resume ?? 'timeInterval';
  if (resume !== 'timeInterval') return undefined;
  const amount = numberOf(parameters.amount ?? 1);
  if (amount === undefined) return undefined;
  const unit = parameters.unit ?? (version >= 1.1 ? 'seconds' : 'hours');
  const perUnit = typeof unit === 'string' ? MS_PER_UNIT.get(unit) : undefined;
  return perUnit === undefined ? undefined : amount * perUnit;
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}
