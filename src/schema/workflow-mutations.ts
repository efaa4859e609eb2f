import { z } from 'zod';
import { builder } from './builder.js';
import type { AnalyzeResult } from '../services/analyses.js';
import type { AnalysisReport } from '../analyzer/index.js';
import { workflowMutations } from '../resolvers/workflows.js';
import { analysisMutations } from '../resolvers/analyses.js';
import { AnalysisRef, CategoryEnum, CategoryScoreRef, FindingRef, GradeEnum, SeverityCountsRef, categoryScores } from './analysis.js';
import { WorkflowFormatEnum, WorkflowRef, WorkflowStatusEnum, uuid } from './workflow.js';
import { text } from './text.js';
import { analysisQuota } from '../limits/analysis-quota.js';
import { AnalysisModeEnum } from './batch.js';

const name = text(300, 1);
const description = text(5000);

const CreateWorkflowInput = builder.inputType('CreateWorkflowInput', {
  description: 'A workflow in the NATIVE format.',
  fields: (t) => ({
    locationId: t.id({ required: true, description: 'The location it belongs to.', validate: { schema: uuid } }),
    name: t.string({ required: true, description: 'Display name (1–300 characters).', validate: { schema: name } }),
    description: t.string({ required: false, description: 'Free text.', validate: { schema: description } }),
    status: t.field({ type: WorkflowStatusEnum, required: false, description: 'Lifecycle status (default ACTIVE).' }),
    definition: t.field({ type: 'JSON', required: true, description: 'The NATIVE definition (see docs/analyzer.md).' }),
  }),
});

const ImportWorkflowInput = builder.inputType('ImportWorkflowInput', {
  description: 'A workflow exported from its platform (n8n export JSON, or NATIVE).',
  fields: (t) => ({
    locationId: t.id({ required: true, description: 'The location it belongs to.', validate: { schema: uuid } }),
    workflow: t.field({ type: 'JSON', required: true, description: 'The exported JSON (an object, or a string holding JSON).' }),
    format: t.field({ type: WorkflowFormatEnum, required: false, description: 'Format; detected when omitted.' }),
    name: t.string({ required: false, description: 'Display name; default: the name inside the export.', validate: { schema: name } }),
    description: t.string({ required: false, description: 'Free text.', validate: { schema: description } }),
    status: t.field({ type: WorkflowStatusEnum, required: false, description: 'Lifecycle status (default ACTIVE).' }),
  }),
});

const UpdateWorkflowInput = builder.inputType('UpdateWorkflowInput', {
  description: 'Changes to a workflow; fields left out stay as they are.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Workflow id.', validate: { schema: uuid } }),
    expectedVersion: t.int({ required: true, description: 'The version you read: a different stored version is a CONFLICT.', validate: { schema: z.number().int().min(1) } }),
    name: t.string({ required: false, description: 'New name.', validate: { schema: name } }),
    description: t.string({ required: false, description: 'New description.', validate: { schema: description } }),
    status: t.field({ type: WorkflowStatusEnum, required: false, description: 'New status.' }),
    definition: t.field({ type: 'JSON', required: false, description: 'New definition, in the workflow format (or `format`).' }),
    format: t.field({ type: WorkflowFormatEnum, required: false, description: 'Format of the new definition; default the current one.' }),
  }),
});

const AnalyzeDefinitionInput = builder.inputType('AnalyzeDefinitionInput', {
  description: 'A definition to analyse without storing anything.',
  fields: (t) => ({
    definition: t.field({ type: 'JSON', required: true, description: 'The workflow JSON.' }),
    format: t.field({ type: WorkflowFormatEnum, required: false, description: 'Format; detected when omitted.' }),
  }),
});

const AnalyzeWorkflowPayload = builder.objectRef<AnalyzeResult>('AnalyzeWorkflowPayload');
AnalyzeWorkflowPayload.implement({
  description: 'The stored analysis, and whether an identical earlier result was reused.',
  fields: (t) => ({
    analysis: t.field({ type: AnalysisRef, description: 'The new history entry.', resolve: (r) => r.analysis }),
    reused: t.exposeBoolean('reused', { description: 'True when identical content under the same ruleset had been analysed before, and that result was reused.' }),
  }),
});

const DeductionRef = builder.objectRef<AnalysisReport['score']['deductions'][number]>('Deduction');
DeductionRef.implement({
  description: 'What one rule took from one category score.',
  fields: (t) => ({
    ruleId: t.exposeString('ruleId', { description: 'The rule.' }),
    category: t.expose('category', { type: CategoryEnum, description: 'The category it lowered.' }),
    findings: t.exposeInt('findings', { description: 'Its findings in that category.' }),
    points: t.exposeInt('points', { description: 'Points deducted after the cap.' }),
    capped: t.exposeBoolean('capped', { description: 'Whether the per-rule cap applied.' }),
  }),
});

const AnalysisReportRef = builder.objectRef<AnalysisReport>('AnalysisReport');
AnalysisReportRef.implement({
  description: 'A health report computed on the fly (nothing stored).',
  fields: (t) => ({
    format: t.expose('format', { type: WorkflowFormatEnum, description: 'Format the definition was read as.' }),
    rulesetVersion: t.exposeString('rulesetVersion', { description: 'Version of the rules applied.' }),
    contentHash: t.exposeString('contentHash', { description: 'Canonical hash of the definition.' }),
    nodeCount: t.exposeInt('nodeCount', { description: 'Number of nodes.' }),
    healthScore: t.int({ description: 'Overall score 0–100.', resolve: (r) => r.score.overall }),
    grade: t.field({ type: GradeEnum, description: 'Letter grade.', resolve: (r) => r.score.grade }),
    passing: t.boolean({ description: 'Grade D or better.', resolve: (r) => r.score.passing }),
    categoryScores: t.field({ type: [CategoryScoreRef], description: 'Score of each category.', resolve: (r) => categoryScores(r.score.categories) }),
    counts: t.field({ type: SeverityCountsRef, description: 'Findings by severity.', resolve: (r) => r.counts }),
    findings: t.field({ type: [FindingRef], description: 'The findings, most severe first.', resolve: (r) => r.findings }),
    deductions: t.field({ type: [DeductionRef], description: 'Why the score is not 100.', resolve: (r) => r.score.deductions }),
  }),
});

builder.mutationFields((t) => ({
  createWorkflow: t.field({
    type: WorkflowRef,
    description: 'Creates a workflow from a NATIVE definition. Requires MEMBER.',
    authScopes: { member: true },
    args: { input: t.arg({ type: CreateWorkflowInput, required: true, description: 'The workflow to create.' }) },
    resolve: workflowMutations.createWorkflow,
  }),
  importWorkflow: t.field({
    type: WorkflowRef,
    description: 'Imports an exported workflow (n8n JSON, or NATIVE), format detected unless given. Requires MEMBER.',
    authScopes: { member: true },
    args: { input: t.arg({ type: ImportWorkflowInput, required: true, description: 'The export to import and where to put it.' }) },
    resolve: workflowMutations.importWorkflow,
  }),
  updateWorkflow: t.field({
    type: WorkflowRef,
    description: 'Changes a workflow if it is still at expectedVersion (else CONFLICT). Requires MEMBER.',
    authScopes: { member: true },
    args: { input: t.arg({ type: UpdateWorkflowInput, required: true, description: 'The workflow, the version you read, and the changes.' }) },
    resolve: workflowMutations.updateWorkflow,
  }),
  deleteWorkflow: t.field({
    type: WorkflowRef,
    description: 'Soft-deletes a workflow: hidden from lists and look-ups, its history kept. Requires MEMBER.',
    authScopes: { member: true },
    args: { id: t.arg.id({ required: true, description: 'Workflow id.', validate: { schema: uuid } }) },
    resolve: workflowMutations.deleteWorkflow,
  }),
  analyzeWorkflow: t.field({
    type: AnalyzeWorkflowPayload,
    description:
      'Analyses a stored workflow and records the result in its history: now (SYNC, the default), or in the background (ASYNC: the answer holds the QUEUED analysis). Requires MEMBER. Counts one analysis against the hourly quota of the organization tier, also when an identical earlier result is reused.',
    authScopes: { member: true },
    ...analysisQuota(),
    args: {
      id: t.arg.id({ required: true, description: 'Workflow id.', validate: { schema: uuid } }),
      mode: t.arg({ type: AnalysisModeEnum, required: false, defaultValue: 'SYNC', description: 'SYNC (default): analyse now. ASYNC: queue it for a worker.' }),
    },
    resolve: analysisMutations.analyzeWorkflow,
  }),
  analyzeDefinition: t.field({
    type: AnalysisReportRef,
    description: 'Analyses a definition without storing anything. Requires an API key. Counts one analysis against the hourly quota of the organization tier.',
    authScopes: { authenticated: true },
    ...analysisQuota(),
    args: { input: t.arg({ type: AnalyzeDefinitionInput, required: true, description: 'The definition to analyse.' }) },
    resolve: analysisMutations.analyzeDefinition,
  }),
}));
