import { Counter, Histogram, type Registry } from 'prom-client';
import type { AnalysisObserver } from '../services/analyses.js';

/**
 * `wh_analyses_total{outcome,source}`, `wh_analysis_duration_seconds{source}`,
 * `wh_health_score` and `wh_findings_total{rule,severity}`. Rule ids come from the catalog and
 * severities from a fixed list, so both labels are bounded. Duration, score and findings are
 * observed for analyzer runs; a reused result only counts in `wh_analyses_total`.
 */
export function createAnalysisMetrics(registry: Registry): AnalysisObserver {
  const analyses = new Counter({
    name: 'wh_analyses_total',
    help: 'Analyses of stored workflows, by outcome (completed, reused, failed) and source (api, batch).',
    labelNames: ['outcome', 'source'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'wh_analysis_duration_seconds',
    help: 'Time the analyzer took for one workflow (import, rules, score), by source.',
    labelNames: ['source'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const score = new Histogram({
    name: 'wh_health_score',
    help: 'Health score (0-100) of completed analyses; the buckets 59, 69, 79 and 89 are the grade boundaries (F, D, C, B, A).',
    buckets: [10, 20, 30, 40, 50, 59, 69, 79, 89, 100],
    registers: [registry],
  });
  const findings = new Counter({
    name: 'wh_findings_total',
    help: 'Findings reported by completed analyses, by rule id and severity.',
    labelNames: ['rule', 'severity'] as const,
    registers: [registry],
  });

  return {
    analyzed({ source, durationSeconds, healthScore, findings: found }) {
      analyses.inc({ outcome: 'completed', source });
      duration.observe({ source }, durationSeconds);
      score.observe(healthScore);
      // A large workflow can have thousands of findings: one increment per rule and severity.
      const counts = new Map<string, { rule: string; severity: string; n: number }>();
      for (const f of found) {
        const key = `${f.ruleId}\u0000${f.severity}`;
        const entry = counts.get(key);
        if (entry) entry.n += 1;
        else counts.set(key, { rule: f.ruleId, severity: f.severity, n: 1 });
      }
      for (const { rule, severity, n } of counts.values()) findings.inc({ rule, severity }, n);
    },
    reused(source) {
      analyses.inc({ outcome: 'reused', source });
    },
    failed(source) {
      analyses.inc({ outcome: 'failed', source });
    },
  };
}
