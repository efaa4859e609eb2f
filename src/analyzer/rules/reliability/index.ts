import type { Rule } from '../rule.js';
import { deprecatedContinueOnFail } from './deprecated-continue-on-fail.js';
import { disabledNode } from './disabled-node.js';
import { errorOutputUnwired } from './error-output-unwired.js';
import { httpWithoutRetry } from './http-without-retry.js';
import { noErrorHandling } from './no-error-handling.js';
import { retryOutOfRange } from './retry-out-of-range.js';

/** Reliability rules, in the order RULES.md lists them. */
export const reliabilityRules: Rule[] = [
  noErrorHandling,
  httpWithoutRetry,
  errorOutputUnwired,
  deprecatedContinueOnFail,
  retryOutOfRange,
  disabledNode,
];
