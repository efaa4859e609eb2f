import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';

/** n8n's editor caps tries at 5; beyond 10 a failing call hammers the service for long. */
const MAX_TRIES = 10;
/** Five minutes: a run waiting longer between tries holds its worker slot and data that long. */
const MAX_WAIT_BETWEEN_TRIES_MS = 5 * 60 * 1000;

export const retryOutOfRange = defineRule({
  id: 'reliability/retry-out-of-range',
  category: 'RELIABILITY',
  severity: 'LOW',
  title: 'Retry settings out of range',
  description:
    'Retry On Fail with more than 10 tries or more than 5 minutes between tries: the run stays busy for a long time and keeps hitting a failing service; such values are usually typos or hand edits.',
  remediation:
    'Use at most a handful of tries a few seconds apart; for long outages, route failures to an error output or error workflow that retries later.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (node.retryOnFail !== true) continue;
      const problems: string[] = [];
      if (node.maxTries !== undefined && node.maxTries > MAX_TRIES) problems.push(`${node.maxTries} tries`);
      if (node.waitBetweenTries !== undefined && node.waitBetweenTries > MAX_WAIT_BETWEEN_TRIES_MS) {
        problems.push(`${Math.round(node.waitBetweenTries / 1000)} s between tries`);
      }
      if (problems.length === 0) continue;
      yield { node, message: `${describeNode(node)} retries with ${problems.join(' and ')}` };
    }
  },
});
