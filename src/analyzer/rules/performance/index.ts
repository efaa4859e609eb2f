import type { Rule } from '../rule.js';
import { batchLoopMiswired } from './batch-loop-miswired.js';
import { executeOnce } from './execute-once.js';
import { longWait } from './long-wait.js';

/** Performance rules, in the order RULES.md lists them. */
export const performanceRules: Rule[] = [batchLoopMiswired, longWait, executeOnce];
