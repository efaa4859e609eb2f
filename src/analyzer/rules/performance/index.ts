import type { Rule } from '../rule.js';

/** Performance rules, in the order RULES.md lists them. */
export const performanceRules: Rule[] = [];
