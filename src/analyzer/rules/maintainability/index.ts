import type { Rule } from '../rule.js';

/** Maintainability rules, in the order RULES.md lists them. */
export const maintainabilityRules: Rule[] = [];
