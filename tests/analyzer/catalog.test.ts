import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES, getRuleCatalog, RULESET_VERSION } from '../../src/analyzer/index.js';
import { CATEGORIES, SEVERITIES } from '../../src/analyzer/model.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const rulesMd = readFileSync(path.resolve(repoRoot, 'docs/rules-reference.md'), 'utf8');

/** `| structure/no-trigger | CRITICAL | … |` -> { id, severity }, for every table row of RULES.md. */
function documentedRules(): { id: string; severity: string }[] {
  const rows = [...rulesMd.matchAll(/^\|\s*([a-z]+\/[a-z0-9-]+)\s*\|\s*([A-Z]+)\s*\|/gm)];
  return rows.map((m) => ({ id: m[1]!, severity: m[2]! }));
}

describe('rule catalog', () => {
  const catalogIds = ALL_RULES.map((r) => r.id).sort();
  const documented = documentedRules();

  it('finds the rule tables in RULES.md', () => {
    expect(documented.length).toBeGreaterThanOrEqual(30);
  });

  it('implements every rule RULES.md lists', () => {
    const missing = documented.map((r) => r.id).filter((id) => !catalogIds.includes(id));
    expect(missing).toEqual([]);
  });

  it('has no rule that RULES.md does not list', () => {
    const documentedIds = new Set(documented.map((r) => r.id));
    expect(catalogIds.filter((id) => !documentedIds.has(id))).toEqual([]);
  });

  it('gives each rule the default severity RULES.md gives it', () => {
    const bySeverity = new Map(ALL_RULES.map((r) => [r.id, r.severity]));
    const wrong = documented.filter((r) => bySeverity.has(r.id) && bySeverity.get(r.id) !== r.severity);
    expect(wrong).toEqual([]);
  });

  it('has unique ids whose prefix is the category, and complete metadata', () => {
    expect(new Set(catalogIds).size).toBe(catalogIds.length);
    for (const rule of ALL_RULES) {
      expect(CATEGORIES).toContain(rule.category);
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.id.split('/')[0]).toBe(rule.category.toLowerCase());
      expect(rule.title && rule.description && rule.remediation).toBeTruthy();
    }
  });

  it('serves metadata without check functions, with the ruleset version', () => {
    const catalog = getRuleCatalog();
    expect(catalog.rulesetVersion).toBe(RULESET_VERSION);
    expect(catalog.rules.map((r) => r.id).sort()).toEqual(catalogIds);
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
  });
});
