import type { Category, FindingDraft, Severity } from '../model.js';
import type { AnalysisContext } from '../context.js';

/** Static description of a rule: served by the API's `rules` field and the CLI. */
export interface RuleMeta {
  /** Stable id `category/name`; never renumbered, only retired. */
  id: string;
  category: Category;
  severity: Severity;
  /** Short human title. */
  title: string;
  /** What the rule checks and why it matters. */
  description: string;
  /** Default advice on how to fix a finding. */
  remediation: string;
}

export interface Rule extends RuleMeta {
  /** Must be linear in nodes + edges: use the context's precomputed indexes. */
  check(ctx: AnalysisContext): Iterable<FindingDraft>;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
