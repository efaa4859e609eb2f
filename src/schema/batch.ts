import { builder } from './builder.js';
import { AnalysisConnection, AnalysisRef, AnalysisStatusEnum } from './analysis.js';
import { firstArgSchema, uuid } from './workflow.js';
import { batchFields, batchMutations, batchQueries } from '../resolvers/batches.js';
import { analysisSubscriptions } from '../resolvers/subscriptions.js';
import type { BatchState } from '../jobs/batch-state.js';

export const AnalysisModeEnum = builder.enumType('AnalysisMode', {
  description: 'When an analysis runs.',
  values: {
    SYNC: { description: 'Now, in the request: the answer holds the COMPLETED analysis.' },
    ASYNC: { description: 'In the background: the answer holds the QUEUED analysis; follow it with `analysisUpdated` or `analysis(id)`.' },
  } as const,
});

export const AnalysisBatchRef = builder.objectRef<BatchState>('AnalysisBatch');
AnalysisBatchRef.implement({
  description: 'Analyses of many workflows of one location, run in the background.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Batch id.' }),
    locationId: t.exposeID('locationId', { description: 'The location whose workflows are analysed.' }),
    status: t.expose('status', { type: AnalysisStatusEnum, description: 'QUEUED, RUNNING, then COMPLETED (FAILED when every analysis failed).' }),
    total: t.exposeInt('total', { description: 'Workflows in the batch.' }),
    completed: t.exposeInt('completed', { description: 'Analyses completed so far.' }),
    failed: t.exposeInt('failed', { description: 'Analyses that failed (after their retries).' }),
    analyses: t.field({
      type: AnalysisConnection,
      description: 'The analyses of the batch, by pages (in a stable order).',
      args: {
        first: t.arg.int({ required: false, description: 'Page size, 1–100 (default 20).', validate: { schema: firstArgSchema } }),
        after: t.arg.string({ required: false, description: 'Cursor: pageInfo.endCursor of the previous page.' }),
      },
      resolve: batchFields.analyses,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the batch was requested.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When its counters last changed.' }),
  }),
});

const AnalyzeWorkflowsInput = builder.inputType('AnalyzeWorkflowsInput', {
  description: 'The workflows of a batch: a list of ids, or every live workflow of a location (exactly one of the two).',
  fields: (t) => ({
    workflowIds: t.idList({ required: false, description: 'Workflow ids, all of one location.', validate: { items: { schema: uuid } } }),
    locationId: t.id({ required: false, description: 'Every live workflow of this location.', validate: { schema: uuid } }),
  }),
});

const batchDescription =
  'Counts one analysis per workflow against the hourly quota of the organization tier (429 when the quota cannot cover them all; nothing is charged then), and holds at most the tier batch size (FREE 10, PRO 100, ENTERPRISE 1,000; larger is a 400). Requires MEMBER.';

builder.mutationFields((t) => ({
  analyzeWorkflows: t.field({
    type: AnalysisBatchRef,
    description: `Analyses many workflows in the background, as a batch. ${batchDescription}`,
    authScopes: { member: true },
    args: { input: t.arg({ type: AnalyzeWorkflowsInput, required: true, description: 'The workflows to analyse.' }) },
    resolve: batchMutations.analyzeWorkflows,
  }),
  reanalyzeLocation: t.field({
    type: AnalysisBatchRef,
    description: `Re-analyses every live workflow of a location (after a ruleset change), as a batch. ${batchDescription}`,
    authScopes: { member: true },
    args: { locationId: t.arg.id({ required: true, description: 'Location id.', validate: { schema: uuid } }) },
    resolve: batchMutations.reanalyzeLocation,
  }),
}));

builder.queryField('analysisBatch', (t) =>
  t.field({
    type: AnalysisBatchRef,
    nullable: true,
    description: 'One batch by id; null with a NOT_FOUND error when unknown or not visible to the caller.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true, description: 'Batch id.', validate: { schema: uuid } }) },
    resolve: batchQueries.analysisBatch,
  }),
);

builder.subscriptionType({ description: 'Real-time updates, over Server-Sent Events or WebSocket (graphql-ws) on /graphql.' });

builder.subscriptionFields((t) => ({
  analysisUpdated: t.field({
    type: AnalysisRef,
    nullable: true,
    description:
      "A workflow's analyses as they change: first its latest analysis (null when it has none), then each analysis of it that completes or fails.",
    authScopes: { authenticated: true },
    args: { workflowId: t.arg.id({ required: true, description: 'Workflow id.', validate: { schema: uuid } }) },
    subscribe: analysisSubscriptions.analysisUpdated,
    resolve: (analysis) => analysis,
  }),
  batchProgress: t.field({
    type: AnalysisBatchRef,
    description: "A batch's progress: first its current state, then each change of its counters; the stream ends once the batch is COMPLETED or FAILED.",
    authScopes: { authenticated: true },
    args: { batchId: t.arg.id({ required: true, description: 'Batch id.', validate: { schema: uuid } }) },
    subscribe: analysisSubscriptions.batchProgress,
    resolve: (batch) => batch,
  }),
}));
