import type { Rule, RuleMeta } from './rule.js';
import { structureRules } from './structure/index.js';
import { securityRules } from './security/index.js';
import { reliabilityRules } from './reliability/index.js';
import { performanceRules } from './performance/index.js';
import { maintainabilityRules } from './maintainability/index.js';

/**
 * Version of the rule catalog. Bump it whenever a rule is added, retired or changes what it
 * finds: stored analyses are memoized by contentHash + rulesetVersion, so a bump is what makes
 * the API re-analyse old workflows.
 */
export const RULESET_VERSION = '2026.11.3';

/** Every rule, in category order then in the order each category lists them. */
export const ALL_RULES: readonly Rule[] = [
  ...structureRules,
  ...securityRules,
  ...reliabilityRules,
  ...performanceRules,
  ...maintainabilityRules,
];

const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((rule) => [rule.id, rule]));

export function getRule(id: string): Rule | undefined {
  return RULES_BY_ID.get(id);
}

/** The catalog as data (no check functions): served by the API `rules` field and the CLI. */
export function getRuleCatalog(): { rulesetVersion: string; rules: RuleMeta[] } {
  return {
    rulesetVersion: RULESET_VERSION,
    rules: ALL_RULES.map(({ id, category, severity, title, description, remediation }) => ({
      id,
      category,
      severity,
      title,
      description,
      remediation,
    })),
  };
}
