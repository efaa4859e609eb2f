import { z } from 'zod';
import { builder } from './builder.js';
import { Workflow } from '../db/entities/index.js';
import { WORKFLOW_STATUSES } from '../db/entities/enums.js';
import { WORKFLOW_FORMATS } from '../analyzer/index.js';
import { WORKFLOW_ORDERS, type ListedWorkflow } from '../db/repositories/workflows.js';
import { workflowFields, workflowQueries } from '../resolvers/workflows.js';
import { analysisFields, analysisQueries } from '../resolvers/analyses.js';
import { LocationRef } from './location.js';
import { AnalysisConnection, AnalysisRef, GradeEnum } from './analysis.js';
import { text } from './text.js';
import { describedValues } from './enum-values.js';

export const WorkflowFormatEnum = builder.enumType('WorkflowFormat', {
  description: 'N8N: an n8n workflow export. NATIVE: the platform-neutral format documented in docs/analyzer.md.',
  values: describedValues(WORKFLOW_FORMATS, {
    N8N: 'An n8n workflow export (the JSON of "Download" in n8n).',
    NATIVE: 'The platform-neutral format documented in docs/analyzer.md.',
  }),
});
export const WorkflowStatusEnum = builder.enumType('WorkflowStatus', {
  description: 'Lifecycle status set by its owners.',
  values: describedValues(WORKFLOW_STATUSES, {
    ACTIVE: 'In use.',
    DRAFT: 'Being written; not in use yet.',
    PAUSED: 'Switched off for now.',
    ARCHIVED: 'Kept for reference; no longer used.',
  }),
});
export const WorkflowOrderEnum = builder.enumType('WorkflowOrder', {
  description: 'Sort order of workflow lists (never-analysed workflows come last in score orders).',
  values: describedValues(WORKFLOW_ORDERS, {
    UPDATED_AT_DESC: 'Most recently changed first.',
    SCORE_ASC: 'Lowest latest score first (the workflows at risk).',
    SCORE_DESC: 'Highest latest score first.',
    NAME_ASC: 'By name, A to Z.',
  }),
});

export const uuid = z.string().uuid('must be a UUID');
export const firstArgSchema = z.number().int('must be an integer').min(1, 'must be at least 1').max(100, 'must be at most 100');

export const WorkflowRef = builder.objectRef<Workflow | ListedWorkflow>('Workflow');
WorkflowRef.implement({
  description: 'An automation workflow of a location, with its latest health score and history.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Workflow id.' }),
    locationId: t.exposeID('locationId', { description: 'The location it belongs to.' }),
    location: t.field({ type: LocationRef, nullable: true, description: 'The location it belongs to.', resolve: workflowFields.location }),
    name: t.exposeString('name', { description: 'Display name.' }),
    description: t.exposeString('description', { nullable: true, description: 'Free text.' }),
    format: t.expose('format', { type: WorkflowFormatEnum, description: 'Format of the uploaded definition.' }),
    status: t.expose('status', { type: WorkflowStatusEnum, description: 'Lifecycle status.' }),
    version: t.exposeInt('version', { description: 'Incremented by every update; pass it as expectedVersion to updateWorkflow.' }),
    contentHash: t.exposeString('contentHash', { description: 'Canonical hash of the definition (key order and node positions do not change it).' }),
    nodeCount: t.exposeInt('nodeCount', { description: 'Number of nodes.' }),
    latestScore: t.exposeInt('latestScore', { nullable: true, description: 'Score of the latest analysis; null before the first.' }),
    latestGrade: t.expose('latestGrade', { type: GradeEnum, nullable: true, description: 'Grade of the latest analysis.' }),
    latestAnalysisId: t.exposeID('latestAnalysisId', { nullable: true, description: 'Id of the latest analysis; null before the first.' }),
    latestAnalysis: t.field({
      type: AnalysisRef,
      nullable: true,
      description: 'The latest analysis; null before the first.',
      resolve: workflowFields.latestAnalysis,
    }),
    analyses: t.field({
      type: AnalysisConnection,
      description: 'Analysis history, newest first.',
      args: {
        first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20).', validate: { schema: firstArgSchema } }),
        after: t.arg.string({ required: false, description: 'Cursor: pageInfo.endCursor of the previous page.' }),
      },
      resolve: workflowFields.analyses,
    }),
    source: t.field({
      type: 'JSON',
      description: 'The definition as uploaded.',
      resolve: workflowFields.source,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
  }),
});

// Declared here rather than in analysis.ts: Workflow and Analysis refer to each other.
builder.objectField(AnalysisRef, 'workflow', (t) =>
  t.field({
    type: WorkflowRef,
    nullable: true,
    description: 'The analysed workflow; null once it is deleted.',
    resolve: analysisFields.workflow,
  }),
);

export const WorkflowConnection = builder.connectionObject({ type: WorkflowRef, name: 'WorkflowConnection' });

builder.queryFields((t) => ({
  workflows: t.field({
    type: WorkflowConnection,
    description: 'Live workflows the caller may see (all its locations, or one), filtered and sorted, by pages.',
    authScopes: { authenticated: true },
    args: {
      locationId: t.arg.id({ required: false, description: 'Only this location.', validate: { schema: uuid } }),
      status: t.arg({ type: WorkflowStatusEnum, required: false, description: 'Only this status.' }),
      search: t.arg.string({ required: false, description: 'Case-insensitive text in the name or description.', validate: { schema: text(200) } }),
      minScore: t.arg.int({ required: false, description: 'Latest score at least this (0–100).', validate: { schema: z.number().int().min(0).max(100) } }),
      maxScore: t.arg.int({ required: false, description: 'Latest score at most this (0–100).', validate: { schema: z.number().int().min(0).max(100) } }),
      orderBy: t.arg({ type: WorkflowOrderEnum, required: false, description: 'Sort order (default UPDATED_AT_DESC).' }),
      first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20).', validate: { schema: firstArgSchema } }),
      after: t.arg.string({ required: false, description: 'Cursor: pageInfo.endCursor of the previous page.' }),
    },
    resolve: workflowQueries.workflows,
  }),
  workflow: t.field({
    type: WorkflowRef,
    nullable: true,
    description:
      'One live workflow by id; null with a NOT_FOUND error when unknown, deleted, or not visible to the caller (the rest of the response is kept).',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true, description: 'Workflow id.', validate: { schema: uuid } }) },
    resolve: workflowQueries.workflow,
  }),
  analyses: t.field({
    type: AnalysisConnection,
    description: 'The analysis history of a workflow, newest first (keyset pagination).',
    authScopes: { authenticated: true },
    args: {
      workflowId: t.arg.id({ required: true, description: 'Workflow id.', validate: { schema: uuid } }),
      first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20).', validate: { schema: firstArgSchema } }),
      after: t.arg.string({ required: false, description: 'Cursor: pageInfo.endCursor of the previous page.' }),
    },
    resolve: analysisQueries.analyses,
  }),
}));
