import { nativeJsonSchema } from '../analyzer/importers/native.js';
import type { JsonSchema } from './rest-openapi-schemas.js';

/** The workflow documents of the OpenAPI document: their schemas and request-body examples. */

/** A loose description of an n8n export: what the importer needs, other keys allowed. */
export const N8N_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description: 'An n8n workflow export (the JSON of "Download" in n8n). Other keys are accepted and ignored.',
  required: ['nodes'],
  properties: {
    name: { type: 'string', description: 'Workflow name.' },
    nodes: {
      type: 'array',
      description: 'The nodes.',
      items: {
        type: 'object',
        additionalProperties: true,
        required: ['name', 'type'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string', description: 'Unique node name (connections refer to it).' },
          type: { type: 'string', description: 'n8n node type, e.g. `n8n-nodes-base.httpRequest`.' },
          typeVersion: { type: 'number' },
          parameters: { type: 'object', description: 'Node parameters.' },
          disabled: { type: 'boolean' },
        },
      },
    },
    connections: { type: 'object', description: 'Connections by source node name, then output type, then output index.' },
    settings: { type: 'object', description: 'Workflow settings (error workflow, timezone…).' },
    active: { type: 'boolean' },
  },
};

export function nativeSchema(): Record<string, unknown> {
  const { $id: _id, $schema: _schema, ...schema } = nativeJsonSchema();
  return { ...schema, description: 'A workflow in the NATIVE format (see docs/analyzer.md).' };
}

/**
 * Request-body examples of the OpenAPI document: small but real documents that the API accepts
 * as they are (a test sends each one). `LOCATION_ID` stands for one of the caller's locations.
 */
export const EXAMPLE_LOCATION_ID = '6f1c2a9e-4b7d-4e0a-9c3b-2d5e8f7a1b40';

/** A two-node n8n export: a webhook that posts to Slack. */
export const EXAMPLE_N8N_WORKFLOW = {
  name: 'Order webhook to Slack',
  nodes: [
    {
      id: '0f5e6c1a-1b2c-4d3e-8f90-a1b2c3d4e5f6',
      name: 'Order received',
      type: 'n8n-nodes-base.webhook',
      typeVersion: 2,
      position: [0, 0],
      parameters: { path: 'orders', httpMethod: 'POST', authentication: 'headerAuth' },
    },
    {
      id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      name: 'Notify sales',
      type: 'n8n-nodes-base.slack',
      typeVersion: 2.2,
      position: [220, 0],
      parameters: { select: 'channel', channelId: 'C0123456789', text: 'New order received' },
      retryOnFail: true,
    },
  ],
  connections: { 'Order received': { main: [[{ node: 'Notify sales', type: 'main', index: 0 }]] } },
  settings: { executionOrder: 'v1' },
};

/** The same idea in the NATIVE format. */
export const EXAMPLE_NATIVE_WORKFLOW = {
  format: 'native',
  version: 1,
  name: 'Nightly export',
  nodes: [
    { id: 'start', name: 'Every night', kind: 'TRIGGER', type: 'schedule' },
    { id: 'export', name: 'Export orders', kind: 'ACTION', type: 'http' },
  ],
  edges: [{ from: 'Every night', to: 'Export orders' }],
};

/** Request-body example per operation id. */
export const REQUEST_EXAMPLES: Record<string, { summary: string; value: JsonSchema }> = {
  createWorkflow: {
    summary: 'A NATIVE workflow',
    value: { input: { locationId: EXAMPLE_LOCATION_ID, name: 'Nightly export', description: 'Sends the day’s orders to the warehouse.', definition: EXAMPLE_NATIVE_WORKFLOW } },
  },
  importWorkflow: {
    summary: 'An n8n export',
    value: { input: { locationId: EXAMPLE_LOCATION_ID, workflow: EXAMPLE_N8N_WORKFLOW } },
  },
  updateWorkflow: {
    summary: 'Rename a workflow read at version 1',
    value: { input: { expectedVersion: 1, name: 'Order webhook to Slack (v2)', status: 'PAUSED' } },
  },
  analyzeDefinition: {
    summary: 'Analyse an n8n export without storing it',
    value: { input: { definition: EXAMPLE_N8N_WORKFLOW } },
  },
  createLocation: {
    summary: 'A location for a client in Paris',
    value: { input: { name: 'Client — Paris', timezone: 'Europe/Paris' } },
  },
};
