import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { AppContext } from '../context.js';
import { loadersOf, readerOf, tenantOf } from '../context.js';
import type { Workflow } from '../db/entities/index.js';
import type { WorkflowStatus } from '../db/entities/enums.js';
import { WorkflowRepository, type WorkflowFilter, type WorkflowOrder } from '../db/repositories/workflows.js';
import { AnalysisRepository } from '../db/repositories/analyses.js';
import { pageSize } from '../db/cursor.js';
import { createWorkflow, prepareDefinition, updateWorkflow } from '../services/workflows.js';
import type { WorkflowFormat } from '../analyzer/index.js';
import type { IdArgs, PageArgs } from './args.js';
import { toConnection } from './connection.js';
import { selectedFields } from './selection.js';

/** Resolvers of the workflow fields: arguments in, one repository or service call, result out. */

interface NewWorkflowFields {
  locationId: string;
  name?: string | null;
  description?: string | null;
  status?: WorkflowStatus | null;
}

/**
 * After a write: the response cache drops the workflow and its location's lists (a new workflow
 * is in no cached list, so its entity alone would evict nothing). Awaited, so that the next read,
 * on any instance, is fresh.
 */
async function evicted(ctx: AppContext, workflow: Workflow): Promise<Workflow> {
  await ctx.deps.cache?.invalidateWorkflow({ workflowId: workflow.id, locationId: workflow.locationId });
  return workflow;
}

/** create and import: the location is checked first (another tenant's is NOT_FOUND whatever the definition holds). */
async function storeNewWorkflow(ctx: AppContext, input: NewWorkflowFields, raw: unknown, format: WorkflowFormat | undefined, field: string) {
  const scope = tenantOf(ctx);
  scope.assertLocation(String(input.locationId));
  const workflow = await createWorkflow(ctx.em, scope, {
    locationId: String(input.locationId),
    name: input.name,
    description: input.description,
    status: input.status,
    prepared: prepareDefinition(raw, format, ctx.deps.config.MAX_WORKFLOW_NODES, field),
  });
  return evicted(ctx, workflow);
}

const CONNECTION_FIELDS = new Set(['edges', 'pageInfo', 'totalCount', '__typename']);

/** By the query's field node: a document's syntax tree is parsed once and never changes. */
const nodeFieldsOf = new WeakMap<FieldNode, ReadonlySet<string> | null>();

/** The Workflow fields a connection query shows (edges.node), or null: then the list reads every column. */
function nodeFields(info: GraphQLResolveInfo): ReadonlySet<string> | null {
  const node = info.fieldNodes.length === 1 ? info.fieldNodes[0]! : null;
  const known = node ? nodeFieldsOf.get(node) : undefined;
  if (known !== undefined) return known;
  const top = selectedFields(info, []);
  const fields = !top || [...top].some((field) => !CONNECTION_FIELDS.has(field)) ? null : selectedFields(info, ['edges', 'node']);
  if (node) nodeFieldsOf.set(node, fields);
  return fields;
}

type WorkflowsArgs = Omit<WorkflowFilter, 'locationId'> & PageArgs & { locationId?: string | null; orderBy?: WorkflowOrder | null };

export const workflowQueries = {
  workflows: async (_root: unknown, args: WorkflowsArgs, ctx: AppContext, info: GraphQLResolveInfo) => {
    const repository = new WorkflowRepository(readerOf(ctx), tenantOf(ctx));
    const filter = { locationId: args.locationId ? String(args.locationId) : null, status: args.status, search: args.search, minScore: args.minScore, maxScore: args.maxScore };
    const page = await repository.list(filter, args.orderBy ?? 'UPDATED_AT_DESC', pageSize(args.first), args.after, nodeFields(info));
    return toConnection(page, args.after, () => repository.count(filter));
  },
  workflow: (_root: unknown, args: IdArgs, ctx: AppContext) => new WorkflowRepository(readerOf(ctx), tenantOf(ctx)).get(String(args.id)),
};

/** Fields of a Workflow that load something. */
export const workflowFields = {
  location: (w: Pick<Workflow, 'locationId'>, _args: unknown, ctx: AppContext) => loadersOf(ctx).location.load(w.locationId),
  latestAnalysis: (w: Pick<Workflow, 'latestAnalysisId'>, _args: unknown, ctx: AppContext) => (w.latestAnalysisId ? loadersOf(ctx).analysis.load(w.latestAnalysisId) : null),
  analyses: async (w: Pick<Workflow, 'id'>, args: PageArgs, ctx: AppContext) => {
    const repository = new AnalysisRepository(readerOf(ctx), tenantOf(ctx));
    return toConnection(await repository.history(w.id, pageSize(args.first), args.after), args.after, () => repository.countHistory(w.id));
  },
  source: async (w: Pick<Workflow, 'id'>, _args: unknown, ctx: AppContext) => (await new WorkflowRepository(ctx.em, tenantOf(ctx)).get(w.id, { withSource: true })).source,
};

interface UpdateWorkflowArgs {
  input: {
    id: string;
    expectedVersion: number;
    name?: string | null;
    description?: string | null;
    status?: WorkflowStatus | null;
    definition?: unknown;
    format?: WorkflowFormat | null;
  };
}

export const workflowMutations = {
  createWorkflow: (_root: unknown, { input }: { input: NewWorkflowFields & { definition?: unknown } }, ctx: AppContext) =>
    storeNewWorkflow(ctx, input, input.definition, 'NATIVE', 'input.definition'),
  importWorkflow: (_root: unknown, { input }: { input: NewWorkflowFields & { workflow?: unknown; format?: WorkflowFormat | null } }, ctx: AppContext) =>
    storeNewWorkflow(ctx, input, input.workflow, input.format ?? undefined, 'input.workflow'),
  updateWorkflow: async (_root: unknown, { input }: UpdateWorkflowArgs, ctx: AppContext) => {
    const scope = tenantOf(ctx);
    let prepared = null;
    if (input.definition !== undefined && input.definition !== null) {
      const format = input.format ?? (await new WorkflowRepository(ctx.em, scope).get(String(input.id))).format;
      prepared = prepareDefinition(input.definition, format, ctx.deps.config.MAX_WORKFLOW_NODES, 'input.definition');
    }
    const updated = await updateWorkflow(ctx.em, scope, {
      id: String(input.id),
      expectedVersion: input.expectedVersion,
      name: input.name,
      description: input.description,
      status: input.status,
      prepared,
    });
    // A new name, status or score can move it into or out of filtered lists.
    return evicted(ctx, updated);
  },
  deleteWorkflow: async (_root: unknown, args: IdArgs, ctx: AppContext) => evicted(ctx, await new WorkflowRepository(ctx.em, tenantOf(ctx)).softDelete(String(args.id))),
};
