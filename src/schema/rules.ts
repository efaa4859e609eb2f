import { builder } from './builder.js';
import { SCORE_FORMULA, type getRuleCatalog, type RuleMeta } from '../analyzer/index.js';
import { ruleQueries } from '../resolvers/rules.js';
import { CategoryEnum, GradeEnum, SeverityEnum } from './analysis.js';

const RuleRef = builder.objectRef<RuleMeta>('Rule');
RuleRef.implement({
  description: 'One analysis rule of the catalog.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Stable id (`category/name`), never renumbered.' }),
    category: t.expose('category', { type: CategoryEnum, description: 'What the rule is about.' }),
    severity: t.expose('severity', { type: SeverityEnum, description: 'Default severity of its findings.' }),
    title: t.exposeString('title', { description: 'Short title.' }),
    description: t.exposeString('description', { description: 'What it checks and why it matters.' }),
    remediation: t.exposeString('remediation', { description: 'How to fix a finding.' }),
  }),
});

interface PointsShape { severity: string; points: number; ruleCap: number }
const SeverityPointsRef = builder.objectRef<PointsShape>('SeverityPoints');
SeverityPointsRef.implement({
  description: 'What one finding of a severity deducts, and the most one rule can deduct from a category.',
  fields: (t) => ({
    severity: t.field({ type: SeverityEnum, description: 'The severity.', resolve: (p) => p.severity as never }),
    points: t.exposeInt('points', { description: 'Points per finding.' }),
    ruleCap: t.exposeInt('ruleCap', { description: 'Cap on one rule total per category (by its worst finding severity).' }),
  }),
});

const CategoryWeightRef = builder.objectRef<{ category: string; weight: number }>('CategoryWeight');
CategoryWeightRef.implement({
  description: 'Weight of a category in the overall score.',
  fields: (t) => ({
    category: t.field({ type: CategoryEnum, description: 'The category.', resolve: (w) => w.category as never }),
    weight: t.exposeFloat('weight', { description: 'Weight (the weights add up to 1).' }),
  }),
});

const GradeThresholdRef = builder.objectRef<{ grade: string; min: number }>('GradeThreshold');
GradeThresholdRef.implement({
  description: 'Lowest overall score of a grade.',
  fields: (t) => ({
    grade: t.field({ type: GradeEnum, description: 'The grade.', resolve: (g) => g.grade as never }),
    minScore: t.exposeInt('min', { description: 'Lowest score with this grade.' }),
  }),
});

const ScoreFormulaRef = builder.objectRef<typeof SCORE_FORMULA>('ScoreFormula');
ScoreFormulaRef.implement({
  description:
    'How the health score is computed: each category starts at 100 and loses points per finding (capped per rule); the overall score is the weighted mean of the categories; any CRITICAL finding caps it at criticalCap.',
  fields: (t) => ({
    severities: t.field({
      type: [SeverityPointsRef],
      description: 'Points per finding and per-rule caps, by severity.',
      resolve: (f) => Object.entries(f.severityPoints).map(([severity, points]) => ({ severity, points, ruleCap: f.ruleCap[severity as keyof typeof f.ruleCap] })),
    }),
    weights: t.field({ type: [CategoryWeightRef], description: 'Category weights.', resolve: (f) => Object.entries(f.weights).map(([category, weight]) => ({ category, weight })) }),
    criticalCap: t.exposeInt('criticalCap', { description: 'Highest overall score when there is a CRITICAL finding (below passing).' }),
    grades: t.field({ type: [GradeThresholdRef], description: 'Grade thresholds, best first; below the last one the grade is F.', resolve: (f) => [...f.grades] }),
  }),
});

const RuleCatalogRef = builder.objectRef<ReturnType<typeof getRuleCatalog>>('RuleCatalog');
RuleCatalogRef.implement({
  description: 'The rules applied by the analyzer and the score formula.',
  fields: (t) => ({
    rulesetVersion: t.exposeString('rulesetVersion', { description: 'Version of the ruleset; stored with every analysis.' }),
    rules: t.field({ type: [RuleRef], description: 'Every rule, by id.', resolve: (c) => c.rules }),
    scoreFormula: t.field({ type: ScoreFormulaRef, description: 'How findings become a score.', resolve: () => SCORE_FORMULA }),
  }),
});

builder.queryField('rules', (t) =>
  t.field({
    type: RuleCatalogRef,
    description: 'The rule catalog with the score formula. Public: no API key needed.',
    resolve: ruleQueries.rules,
  }),
);
