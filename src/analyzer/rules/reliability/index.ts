import type { Rule } from '../rule.js';

/** Reliability rules, in the order RULES.md lists them. */
export const reliabilityRules: Rule[] = [];
