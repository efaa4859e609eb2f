import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { contentHash, importWorkflow, type WorkflowFormat } from '../analyzer/index.js';
import { Workflow } from '../db/entities/index.js';
import type { WorkflowStatus } from '../db/entities/enums.js';
import type { TenantScope } from '../db/tenant-scope.js';
import { WorkflowRepository } from '../db/repositories/workflows.js';
import { badInput } from '../errors.js';
import { findInJson } from '../analyzer/json-depth.js';
import { unstorableText } from '../db/storable-text.js';

export interface PreparedDefinition {
  format: WorkflowFormat;
  source: unknown;
  definition: unknown;
  contentHash: string;
  nodeCount: number;
  name: string | null;
}

/**
 * Validates an uploaded definition once, at the edge: it must be a workflow of the given (or
 * detected) format and within the node limit. BAD_USER_INPUT names `field` and says why.
 */
export function prepareDefinition(raw: unknown, format: WorkflowFormat | undefined, maxNodes: number, field: string): PreparedDefinition {
  let source = raw;
  if (typeof raw === 'string') {
    try {
      source = JSON.parse(raw);
    } catch (error) {
      throw badInput([{ field, message: `is not valid JSON: ${(error as Error).message}` }]);
    }
  }
  const imported = importWorkflow(source, format);
  if (imported.invalid) {
    const reasons = imported.graph.importIssues.map((i) => i.message);
    throw badInput(
      [{ field, message: `is not a${imported.format === 'N8N' ? 'n n8n' : ' NATIVE'} workflow: ${reasons.join('; ')}` }],
    );
  }
  const unstorable = findInJson(source, { badString: unstorableText });
  if (unstorable) throw badInput([{ field: `${field}.${unstorable.path}`, message: unstorable.problem }]);
  if (imported.graph.nodes.length > maxNodes) {
    throw badInput([{ field: `${field}.nodes`, message: `has ${imported.graph.nodes.length} nodes; the limit is ${maxNodes}` }]);
  }
  return {
    format: imported.format,
    source,
    definition: imported.graph,
    contentHash: contentHash(source),
    nodeCount: imported.graph.nodes.length,
    name: imported.graph.name ?? null,
  };
}

export interface CreateWorkflowInput {
  locationId: string;
  name?: string | null;
  description?: string | null;
  status?: WorkflowStatus | null;
  prepared: PreparedDefinition;
}

export async function createWorkflow(em: EntityManager, scope: TenantScope, input: CreateWorkflowInput): Promise<Workflow> {
  scope.assertLocation(input.locationId);
  const name = input.name?.trim() || input.prepared.name?.trim() || 'Untitled workflow';
  const workflow = em.create(Workflow, {
    id: randomUUID(),
    organizationId: scope.organizationId,
    locationId: input.locationId,
    name: name.slice(0, 300),
    description: input.description ?? null,
    format: input.prepared.format,
    status: input.status ?? 'ACTIVE',
    source: input.prepared.source,
    definition: input.prepared.definition,
    contentHash: input.prepared.contentHash,
    nodeCount: input.prepared.nodeCount,
    version: 1,
  });
  await em.flush();
  return workflow;
}

export interface UpdateWorkflowInput {
  id: string;
  expectedVersion: number;
  name?: string | null;
  description?: string | null;
  status?: WorkflowStatus | null;
  prepared?: PreparedDefinition | null;
}

export function updateWorkflow(em: EntityManager, scope: TenantScope, input: UpdateWorkflowInput): Promise<Workflow> {
  const changes: Parameters<WorkflowRepository['updateVersioned']>[2] = {};
  if (input.name !== undefined && input.name !== null) changes.name = input.name.trim();
  if (input.description !== undefined) changes.description = input.description;
  if (input.status) changes.status = input.status;
  if (input.prepared) {
    changes.format = input.prepared.format;
    changes.source = input.prepared.source;
    changes.definition = input.prepared.definition;
    changes.contentHash = input.prepared.contentHash;
    changes.nodeCount = input.prepared.nodeCount;
  }
  return new WorkflowRepository(em, scope).updateVersioned(input.id, input.expectedVersion, changes);
}
