import type { Rule } from '../rule.js';

/** Security rules, in the order RULES.md lists them. */
export const securityRules: Rule[] = [];
