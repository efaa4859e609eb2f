import type { Rule } from '../rule.js';
import { callerPolicyAny } from './caller-policy-any.js';
import { codeExecution } from './code-execution.js';
import { hardcodedSecret } from './hardcoded-secret.js';
import { personalDataLiteral } from './personal-data-literal.js';
import { riskyNode } from './risky-node.js';
import { savesAllExecutions } from './saves-all-executions.js';
import { sqlInjection } from './sql-injection.js';
import { unauthenticatedWebhook } from './unauthenticated-webhook.js';

/** Security rules, in the order RULES.md lists them. */
export const securityRules: Rule[] = [
  hardcodedSecret,
  unauthenticatedWebhook,
  sqlInjection,
  codeExecution,
  riskyNode,
  personalDataLiteral,
  callerPolicyAny,
  savesAllExecutions,
];
