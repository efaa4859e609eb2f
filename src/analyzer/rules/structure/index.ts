import type { Rule } from '../rule.js';

/** Structure rules: the shape of the workflow graph itself (RULES.md, category "structure"). */
export const structureRules: Rule[] = [];
