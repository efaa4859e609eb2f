import { z } from 'zod';
import { builder } from './builder.js';
import type { LocationHealth } from '../services/location-health.js';
import { locationHealthQueries } from '../resolvers/location-health.js';
import { GradeEnum } from './analysis.js';
import { WorkflowRef, uuid } from './workflow.js';

const DailyScoreRef = builder.objectRef<LocationHealth['daily'][number]>('DailyScore');
DailyScoreRef.implement({
  description: 'Average score of the analyses completed on one day.',
  fields: (t) => ({
    date: t.exposeString('date', { description: 'The day (YYYY-MM-DD) in the location time zone.' }),
    averageScore: t.exposeFloat('averageScore', { description: 'Mean health score of that day analyses.' }),
    analyses: t.exposeInt('analyses', { description: 'Analyses completed that day.' }),
  }),
});

const GradeCountRef = builder.objectRef<LocationHealth['gradeDistribution'][number]>('GradeCount');
GradeCountRef.implement({
  description: 'How many live workflows currently have a grade.',
  fields: (t) => ({
    grade: t.expose('grade', { type: GradeEnum, description: 'The grade.' }),
    workflows: t.exposeInt('workflows', { description: 'Live workflows whose latest analysis has this grade.' }),
  }),
});

const RuleCountRef = builder.objectRef<LocationHealth['topRules'][number]>('RuleCount');
RuleCountRef.implement({
  description: 'How often a rule fires in the latest analyses of a location.',
  fields: (t) => ({
    ruleId: t.exposeString('ruleId', { description: 'The rule.' }),
    findings: t.exposeInt('findings', { description: 'Its findings.' }),
    workflows: t.exposeInt('workflows', { description: 'Workflows with at least one of them.' }),
  }),
});

const LocationHealthRef = builder.objectRef<LocationHealth>('LocationHealth');
LocationHealthRef.implement({
  description: 'Health of one location: score trend, grade distribution, frequent rules and workflows at risk.',
  fields: (t) => ({
    locationId: t.exposeID('locationId', { description: 'The location.' }),
    days: t.exposeInt('days', { description: 'Length of the trend window in days.' }),
    daily: t.field({ type: [DailyScoreRef], description: 'Daily average score, oldest first (days without analyses omitted).', resolve: (h) => h.daily }),
    gradeDistribution: t.field({ type: [GradeCountRef], description: 'Live workflows by current grade (A to F).', resolve: (h) => h.gradeDistribution }),
    topRules: t.field({ type: [RuleCountRef], description: 'The 10 most frequent rules in the latest analyses.', resolve: (h) => h.topRules }),
    atRisk: t.field({ type: [WorkflowRef], description: 'The 5 live workflows with the lowest latest score.', resolve: (h) => h.atRisk }),
  }),
});

builder.queryField('locationHealth', (t) =>
  t.field({
    type: LocationHealthRef,
    description: 'Health of a location over the last `days` days. NOT_FOUND when the location is not visible.',
    authScopes: { authenticated: true },
    args: {
      locationId: t.arg.id({ required: true, description: 'Location id.', validate: { schema: uuid } }),
      days: t.arg.int({ required: false, description: 'Trend window, 1–365 days (default 30).', validate: { schema: z.number().int().min(1).max(365) } }),
    },
    resolve: locationHealthQueries.locationHealth,
  }),
);
