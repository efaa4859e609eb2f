import { z } from 'zod';
import { builder } from './builder.js';
import { Analysis, Finding } from '../db/entities/index.js';
import { ANALYSIS_STATUSES, GRADES } from '../db/entities/enums.js';
import { CATEGORIES, SEVERITIES, type Finding as ReportFinding } from '../analyzer/index.js';
import { analysisFields, analysisQueries } from '../resolvers/analyses.js';
import { describedValues } from './enum-values.js';

export const SeverityEnum = builder.enumType('Severity', {
  description: 'How serious a finding is.',
  values: describedValues(SEVERITIES, {
    CRITICAL: 'Exploitable or certain to break: caps the overall score below passing.',
    HIGH: 'Likely to cause failures, data loss or a security incident.',
    MEDIUM: 'A real weakness that should be fixed soon.',
    LOW: 'A minor weakness or risky habit.',
    INFO: 'Advice; deducts little or nothing.',
  }),
});
export const CategoryEnum = builder.enumType('Category', {
  description: 'What a rule is about.',
  values: describedValues(CATEGORIES, {
    STRUCTURE: 'How the graph is wired: triggers, reachability, connections, references.',
    SECURITY: 'Secrets, unauthenticated entry points, injection and risky code.',
    RELIABILITY: 'Error handling, retries and settings that hide failures.',
    PERFORMANCE: 'Loops, waits and work repeated per item.',
    MAINTAINABILITY: 'Size, naming, legacy nodes and leftovers that make a workflow hard to change.',
  }),
});
export const GradeEnum = builder.enumType('Grade', {
  description: 'Letter grade of a score: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60 (passing), F below.',
  values: describedValues(GRADES, {
    A: 'Score 90–100.',
    B: 'Score 80–89.',
    C: 'Score 70–79.',
    D: 'Score 60–69: the lowest passing grade.',
    F: 'Score below 60: failing.',
  }),
});
export const AnalysisStatusEnum = builder.enumType('AnalysisStatus', {
  description: 'Where an analysis is in its life.',
  values: describedValues(ANALYSIS_STATUSES, {
    QUEUED: 'Waiting for a worker.',
    RUNNING: 'Being analysed now.',
    COMPLETED: 'Done: score, grade and findings are set, and never change again.',
    FAILED: 'Could not be analysed; `error` says why.',
  }),
});

export const CategoryScoreRef = builder.objectRef<{ category: (typeof CATEGORIES)[number]; score: number }>('CategoryScore');
CategoryScoreRef.implement({
  description: 'The score of one category (100 minus capped deductions).',
  fields: (t) => ({
    category: t.expose('category', { type: CategoryEnum, description: 'The category.' }),
    score: t.exposeInt('score', { description: 'Score from 0 to 100.' }),
  }),
});

export const SeverityCountsRef = builder.objectRef<Record<string, number>>('SeverityCounts');
SeverityCountsRef.implement({
  description: 'Number of findings of each severity.',
  fields: (t) => ({
    critical: t.int({ description: 'CRITICAL findings.', resolve: (c) => c.CRITICAL ?? 0 }),
    high: t.int({ description: 'HIGH findings.', resolve: (c) => c.HIGH ?? 0 }),
    medium: t.int({ description: 'MEDIUM findings.', resolve: (c) => c.MEDIUM ?? 0 }),
    low: t.int({ description: 'LOW findings.', resolve: (c) => c.LOW ?? 0 }),
    info: t.int({ description: 'INFO findings.', resolve: (c) => c.INFO ?? 0 }),
  }),
});

type FindingShape = Pick<Finding, 'ruleId' | 'severity' | 'category' | 'nodeId' | 'nodeName' | 'message' | 'remediation'> | ReportFinding;
export const FindingRef = builder.objectRef<FindingShape>('Finding');
FindingRef.implement({
  description: 'One problem found in a workflow, naming the node at fault.',
  fields: (t) => ({
    ruleId: t.exposeString('ruleId', { description: 'Stable rule id, e.g. `security/hardcoded-secret`.' }),
    severity: t.expose('severity', { type: SeverityEnum, description: 'Severity of this finding.' }),
    category: t.expose('category', { type: CategoryEnum, description: 'Category of the rule.' }),
    nodeId: t.exposeString('nodeId', { nullable: true, description: 'Id of the node at fault; null for workflow-level findings.' }),
    nodeName: t.exposeString('nodeName', { nullable: true, description: 'Name of the node at fault; null for workflow-level findings.' }),
    message: t.exposeString('message', { description: 'What is wrong, naming the node.' }),
    remediation: t.exposeString('remediation', { description: 'How to fix it.' }),
  }),
});

export const categoryScores = (scores: Record<string, number> | null | undefined) =>
  CATEGORIES.map((category) => ({ category, score: scores?.[category] ?? 0 }));

export const AnalysisRef = builder.objectRef<Analysis>('Analysis');
AnalysisRef.implement({
  description: 'One analysis of one version of a workflow: its health score and findings. Immutable once COMPLETED.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Analysis id.' }),
    workflowId: t.exposeID('workflowId', { description: 'The analysed workflow.' }),
    workflowVersion: t.exposeInt('workflowVersion', { description: 'Version of the workflow that was analysed.' }),
    contentHash: t.exposeString('contentHash', { description: 'Canonical hash of the analysed definition.' }),
    rulesetVersion: t.exposeString('rulesetVersion', { description: 'Version of the rules applied.' }),
    status: t.expose('status', { type: AnalysisStatusEnum, description: 'QUEUED, RUNNING, COMPLETED or FAILED.' }),
    healthScore: t.exposeInt('healthScore', { nullable: true, description: 'Overall score 0–100; null until COMPLETED.' }),
    grade: t.expose('grade', { type: GradeEnum, nullable: true, description: 'Letter grade; null until COMPLETED.' }),
    categoryScores: t.field({ type: [CategoryScoreRef], description: 'Score of each category.', resolve: (a) => categoryScores(a.categoryScores) }),
    counts: t.field({ type: SeverityCountsRef, description: 'Findings by severity.', resolve: (a) => a.counts ?? {} }),
    findingCount: t.exposeInt('findingCount', { description: 'Number of findings.' }),
    findings: t.field({
      type: [FindingRef],
      description: 'The findings, most severe first (stable order): the first `first` of them (`findingCount` has the total).',
      args: {
        first: t.arg.int({
          required: false,
          defaultValue: 100,
          description: 'How many findings, 1–1000 (default 100).',
          validate: { schema: z.number().int('must be an integer').min(1, 'must be at least 1').max(1000, 'must be at most 1000') },
        }),
      },
      resolve: analysisFields.findings,
    }),
    durationMs: t.exposeInt('durationMs', { nullable: true, description: 'Analyzer time in milliseconds (0 when reused).' }),
    reused: t.boolean({ description: 'True when the result was reused from an earlier analysis of identical content under the same ruleset.', resolve: (a) => !!a.reusedFromId }),
    reusedFromId: t.exposeID('reusedFromId', { nullable: true, description: 'The analysis whose result was reused.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why a FAILED analysis failed.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the analysis was requested.' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'When it completed.' }),
  }),
});

export const AnalysisConnection = builder.connectionObject({ type: AnalysisRef, name: 'AnalysisConnection' });

const uuid = z.string().uuid('must be a UUID');

builder.queryField('analysis', (t) =>
  t.field({
    type: AnalysisRef,
    nullable: true,
    description: 'One analysis by id; null with a NOT_FOUND error when unknown or not visible to the caller (the rest of the response is kept).',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true, description: 'Analysis id.', validate: { schema: uuid } }) },
    resolve: analysisQueries.analysis,
  }),
);
