import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, CATEGORIES } from '../../src/analyzer/index.js';
import { importWorkflow } from '../../src/analyzer/importers/index.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const corpusDir = path.resolve(repoRoot, 'tests/fixtures/corpus/n8n/workflows');
const files = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort();

describe('real n8n workflows (corpus copy in tests/fixtures)', () => {
  it('has the corpus', () => {
    expect(files.length).toBeGreaterThan(200);
  });

  it('analyses every file without an exception, within the report invariants', () => {
    const problems: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(corpusDir, file), 'utf8');
      const report = analyze(text);
      const names = new Set(importWorkflow(text).graph.nodes.map((n) => n.name));
      const { score } = report;

      if (!(score.overall >= 0 && score.overall <= 100)) problems.push(`${file}: overall ${score.overall}`);
      for (const c of CATEGORIES) {
        if (!(score.categories[c] >= 0 && score.categories[c] <= 100)) problems.push(`${file}: ${c} ${score.categories[c]}`);
      }
      for (const f of report.findings) {
        if (f.nodeName !== null && !names.has(f.nodeName)) problems.push(`${file}: ${f.ruleId} names unknown node "${f.nodeName}"`);
        if (f.message.trim() === '' || f.remediation.trim() === '') problems.push(`${file}: ${f.ruleId} without message or remediation`);
      }
      const keys = report.findings.map((f) => JSON.stringify(f));
      if (new Set(keys).size !== keys.length) problems.push(`${file}: duplicate findings`);
      for (const e of report.ruleErrors) problems.push(`${file}: rule ${e.ruleId} threw: ${e.message}`);
      const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
      if (total !== report.findings.length) problems.push(`${file}: counts do not add up`);
    }
    expect(problems).toEqual([]);
  });

  it('spreads scores over several grades rather than failing or passing everything', () => {
    const grades = new Set(files.map((file) => analyze(readFileSync(path.join(corpusDir, file), 'utf8')).score.grade));
    expect(grades.size).toBeGreaterThanOrEqual(4);
  });
});
