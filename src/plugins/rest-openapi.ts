import { getNamedType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { nativeJsonSchema } from '../analyzer/importers/native.js';
import type { RestRoute, RestTag } from './rest-route.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- an OpenAPI document is free-form JSON */
export type OpenApiDocument = Record<string, any>;

const TAGS: { name: RestTag; description: string }[] = [
  { name: 'Workflows', description: 'Import, create, list, change and delete workflows.' },
  { name: 'Analyses', description: 'Analyse workflows and read their health history, findings included.' },
  { name: 'Locations', description: 'Locations (sub-accounts) and their health over time.' },
  { name: 'Rules', description: 'The analysis rules and the score formula (public).' },
  { name: 'Account', description: 'Who is calling: user, organization, role, tier and visible locations.' },
];

/** Every error answer: `{ error: { code, message, details? } }` and its status. */
const ERRORS = {
  400: ['BadRequest', 'Bad input (BAD_USER_INPUT): malformed JSON, an invalid argument, enum value, cursor or page size; `details` names each field at fault.'],
  401: ['Unauthorized', 'No API key, or an invalid or revoked one (UNAUTHENTICATED). Send `Authorization: Bearer <API key>`.'],
  403: ['Forbidden', 'The role of the API key does not allow this operation (FORBIDDEN).'],
  404: ['NotFound', 'Unknown id, or an id of another organization or of a location the key may not see (NOT_FOUND); also an unknown route.'],
  409: ['Conflict', 'The workflow changed since you read it: `expectedVersion` is not the stored version (CONFLICT).'],
  413: ['PayloadTooLarge', 'The request body is over the configured limit (PAYLOAD_TOO_LARGE).'],
  429: [
    'TooManyRequests',
    'A rate limit was reached (RATE_LIMITED): requests per minute of the organization tier or of the API key, analyses per hour (analysis routes), or, per client IP, requests without an API key or failed authentications. The message names the limit; retry after `Retry-After` seconds. For FREE, `details` holds an `upgrade` entry with the next tier, its limits and a URL.',
  ],
  500: ['InternalError', 'Unexpected error (INTERNAL_SERVER_ERROR); the message is masked.'],
  503: ['ServiceUnavailable', 'The database is down or not answering in time (SERVICE_UNAVAILABLE); retry after `Retry-After` seconds.'],
} as const;

type ErrorStatus = keyof typeof ERRORS;

const integerHeader = (description: string) => ({ description, schema: { type: 'integer', minimum: 0 } });
/** What a 429 carries (successful responses carry the RateLimit-* and X-RateLimit-* ones too). */
const RATE_LIMIT_HEADERS = {
  'Retry-After': integerHeader('Seconds to wait before retrying.'),
  'RateLimit-Limit': integerHeader('Requests allowed per minute (the tighter of the organization and API-key limits, or the per-IP one).'),
  'RateLimit-Remaining': integerHeader('Requests left in the current minute.'),
  'RateLimit-Reset': integerHeader('Seconds until the current window ends.'),
  'X-RateLimit-Tier': { description: 'The organization tier (FREE, PRO, ENTERPRISE); absent without an API key.', schema: { type: 'string' } },
};

const ERROR_SCHEMA = {
  type: 'object',
  description: 'The one error shape of the REST API.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          enum: ['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR'],
          description: 'Stable error code (the same as `extensions.code` on GraphQL).',
        },
        message: { type: 'string', description: 'What went wrong, safe to show.' },
        details: {
          type: 'array',
          description: 'For BAD_USER_INPUT: one entry per field at fault. For RATE_LIMITED: the limit reached, and the upgrade hint for FREE.',
          items: {
            type: 'object',
            required: ['field', 'message'],
            properties: {
              field: { type: 'string', description: 'The field, as a dotted path (`input.name`, `first`, `body`); for RATE_LIMITED, `limit` or `upgrade`.' },
              message: { type: 'string', description: 'What is wrong with it.' },
              limit: { type: 'string', description: 'RATE_LIMITED `limit` entry: which limit (requests, api_key_requests, analyses, anonymous, failed_auth).' },
              retryAfter: { type: 'integer', description: 'RATE_LIMITED `limit` entry: seconds until the window resets.' },
              tier: { type: 'string', description: 'RATE_LIMITED `upgrade` entry: the next tier.' },
              requestsPerMinute: { type: ['integer', 'null'], description: 'RATE_LIMITED `upgrade` entry: its requests per minute (null: unlimited).' },
              analysesPerHour: { type: ['integer', 'null'], description: 'RATE_LIMITED `upgrade` entry: its analyses per hour (null: unlimited).' },
              url: { type: 'string', description: 'RATE_LIMITED `upgrade` entry: where to upgrade.' },
            },
          },
        },
      },
    },
  },
  example: { error: { code: 'NOT_FOUND', message: 'Workflow "4f0c…" was not found' } },
};

/** A loose description of an n8n export: what the importer needs, other keys allowed. */
const N8N_SCHEMA = {
  type: 'object',
  description: 'An n8n workflow export (the JSON of "Download" in n8n). Other keys are accepted and ignored.',
  required: ['nodes'],
  properties: {
    name: { type: 'string', description: 'Workflow name.' },
    nodes: {
      type: 'array',
      description: 'The nodes.',
      items: {
        type: 'object',
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

function nativeSchema(): Record<string, unknown> {
  const { $id: _id, $schema: _schema, ...schema } = nativeJsonSchema();
  return { ...schema, description: 'A workflow in the NATIVE format (see docs/analyzer.md).' };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const anyWorkflow = (description: string, withString = false) => ({
  description,
  anyOf: [ref('N8nWorkflow'), ref('NativeWorkflow'), ...(withString ? [{ type: 'string', description: 'The same JSON, as a string.' }] : [])],
});

/** JSON-scalar input fields: what they actually hold. */
const JSON_INPUTS: Record<string, (description: string) => unknown> = {
  'CreateWorkflowInput.definition': (d) => ({ ...ref('NativeWorkflow'), description: d }),
  'ImportWorkflowInput.workflow': (d) => anyWorkflow(d, true),
  'AnalyzeDefinitionInput.definition': (d) => anyWorkflow(d),
  'UpdateWorkflowInput.definition': (d) => anyWorkflow(d),
};

function inputTypeSchema(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return inputTypeSchema(type.ofType);
  if (isListType(type)) return { type: 'array', items: inputTypeSchema(type.ofType) };
  return ref(getNamedType(type).name);
}

/** Sofa describes an input-object field of an input type as a bare `{type: object}`: use a $ref. */
function fixInputSchemas(schemas: Record<string, any>, schema: GraphQLSchema) {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isInputObjectType(type) || !schemas[type.name]) continue;
    for (const field of Object.values(type.getFields())) {
      const target = schemas[type.name].properties[field.name];
      const description = field.description ?? undefined;
      const special = JSON_INPUTS[`${type.name}.${field.name}`];
      if (special) schemas[type.name].properties[field.name] = special(description ?? '');
      else if (isInputObjectType(getNamedType(field.type))) {
        schemas[type.name].properties[field.name] = { ...(inputTypeSchema(field.type) as object), ...(description ? { description } : {}) };
      } else if (target) target.description ??= description;
    }
  }
}

const firstSentence = (text: string) => /^[\s\S]*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;

function fieldDescription(schema: GraphQLSchema, field: string): string {
  const [root, name] = field.split('.') as [string, string];
  const type = root === 'Query' ? schema.getQueryType() : schema.getMutationType();
  return type?.getFields()[name]?.description ?? '';
}

const ROUTE_NOTES: Record<string, string> = {
  listWorkflows: 'Follow `pageInfo.endCursor` with `after` for the next page.',
  createWorkflow: 'Body: `{"input": {"locationId": "…", "name": "…", "definition": {…NATIVE…}}}`.',
  importWorkflow: 'Body: `{"input": {"locationId": "…", "workflow": {…n8n export…}}}`.',
  updateWorkflow:
    'The workflow id comes from the path. Body: `{"input": {"expectedVersion": 1, "name": "…"}}`; fields left out stay as they are. A stale `expectedVersion` answers 409 and changes nothing.',
  deleteWorkflow: 'Answers the deleted workflow.',
  analyzeWorkflow: 'No body. Answers the stored analysis with its findings.',
  listWorkflowAnalyses: 'The analyses of the workflow `{id}`, each with its findings.',
  analyzeDefinition: 'Body: `{"input": {"definition": {…}}}`.',
  createLocation: 'Body: `{"input": {"name": "…", "timezone": "Europe/Paris"}}`.',
  getLocationHealth: 'For the location `{id}`.',
};

function errorStatuses(route: RestRoute, hasInput: boolean): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>([429, 500]);
  // Every route but the static rule catalog reads the database.
  if (!route.public) statuses.add(503);
  if (hasInput) statuses.add(400);
  if (!route.public) statuses.add(401);
  if (route.method !== 'GET') statuses.add(403);
  if (route.path.includes(':id') || route.method !== 'GET') statuses.add(404);
  if (route.method === 'PATCH') statuses.add(409);
  if (route.method === 'POST' || route.method === 'PATCH') statuses.add(413);
  return [...statuses].sort((a, b) => a - b);
}

/**
 * Turns the document fets builds from Sofa's routes into the published one: OpenAPI 3.1 (the
 * NATIVE workflow JSON Schema is 2020-12), info and tags, operation ids, summaries and
 * descriptions from the field descriptions, `{id}` path parameters where the gate maps them
 * onto another argument, real input schemas, the bearer scheme and the error responses.
 */
export function buildOpenApiDocument(raw: OpenApiDocument, schema: GraphQLSchema, routes: readonly RestRoute[]): OpenApiDocument {
  const rawSchemas: Record<string, any> = raw.components?.schemas ?? {};
  const schemas: Record<string, any> = {};
  for (const name of Object.keys(rawSchemas).sort()) {
    if (name !== 'Query' && name !== 'Mutation') schemas[name] = rawSchemas[name];
  }
  fixInputSchemas(schemas, schema);
  schemas.Error = ERROR_SCHEMA;
  schemas.N8nWorkflow = N8N_SCHEMA;
  schemas.NativeWorkflow = nativeSchema();
  if (schemas.UpdateWorkflowInput) {
    const { id: _id, ...properties } = schemas.UpdateWorkflowInput.properties;
    schemas.UpdateWorkflowChanges = {
      ...schemas.UpdateWorkflowInput,
      description: 'Changes to a workflow (its id is in the path); fields left out stay as they are.',
      properties,
      required: (schemas.UpdateWorkflowInput.required as string[]).filter((r) => r !== 'id'),
    };
  }

  const responses: Record<string, unknown> = {};
  for (const [status, [name, description]] of Object.entries(ERRORS)) {
    responses[name] = { description, content: { 'application/json': { schema: ref('Error') } } };
    if (status === '429') (responses[name] as Record<string, unknown>).headers = RATE_LIMIT_HEADERS;
  }

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const oasPath = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const method = route.method.toLowerCase();
    const rawOp = raw.paths?.[oasPath]?.[method];
    if (!rawOp) throw new Error(`Sofa produced no operation for ${route.method} ${oasPath}`);
    const described = fieldDescription(schema, route.field);
    const mappedArg = route.idTo && 'arg' in route.idTo ? route.idTo.arg : undefined;

    const parameters: any[] = [];
    if (route.path.includes(':id')) {
      const own = (rawOp.parameters as any[] | undefined)?.find((p) => p.in === 'path' && p.name === 'id');
      parameters.push({
        name: 'id',
        in: 'path',
        required: true,
        description: own?.schema?.description ?? `${route.tag === 'Locations' ? 'Location' : 'Workflow'} id.`,
        schema: { type: 'string' },
      });
    }
    for (const p of (rawOp.parameters as any[] | undefined) ?? []) {
      // Sofa also reads body arguments from the query string; the document shows the body only.
      if (p.in === 'path' || p.name === mappedArg || (rawOp.requestBody && route.method !== 'DELETE')) continue;
      const { description, ...paramSchema } = p.schema ?? {};
      parameters.push({ name: p.name, in: p.in, required: !!p.required, ...(description ? { description } : {}), schema: paramSchema });
    }

    let requestBody: any;
    if (rawOp.requestBody && route.method !== 'DELETE') {
      const body = structuredClone(rawOp.requestBody.content['application/json'].schema);
      for (const key of Object.keys(body.properties ?? {})) {
        if (route.path.includes(':id') && key === 'id') delete body.properties[key];
      }
      body.required = (body.required as string[] | undefined)?.filter((r) => body.properties[r]);
      if (route.idTo && 'inputKey' in route.idTo && body.properties?.input) {
        body.properties.input = { ...ref('UpdateWorkflowChanges'), description: body.properties.input.description };
      }
      if (!body.required?.length) delete body.required;
      if (Object.keys(body.properties ?? {}).length) {
        requestBody = {
          required: true,
          description: 'A JSON object whose top-level keys are the arguments of the operation.',
          content: { 'application/json': { schema: body } },
        };
      }
    }

    const success = rawOp.responses?.[route.status] ?? Object.values(rawOp.responses ?? {})[0];
    const opResponses: Record<string, unknown> = {
      [route.status]: {
        description: route.status === 201 ? 'Created.' : 'OK.',
        content: success?.content ?? { 'application/json': { schema: {} } },
      },
    };
    for (const status of errorStatuses(route, parameters.length > 0 || !!requestBody)) {
      opResponses[status] = { $ref: `#/components/responses/${ERRORS[status][0]}` };
    }

    const notes = [described, ROUTE_NOTES[route.operationId], `GraphQL: \`${route.field.split('.')[1]}\`.`].filter(Boolean);
    (paths[oasPath] ??= {})[method] = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: firstSentence(described).replace(/\.$/, ''),
      description: notes.join('\n\n'),
      ...(route.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: opResponses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Workflow Health API',
      version: '1.0.0',
      description:
        'REST /v1 of the Workflow Health API, derived from the GraphQL schema (POST /graphql). Import n8n workflows, analyse them, and read their health score, findings and history.\n\n' +
        'Authenticate with `Authorization: Bearer <API key>` (only `GET /rules` is public). Request bodies are JSON objects whose top-level keys are the arguments, e.g. `{"input": {…}}`. ' +
        'Errors answer `{"error": {"code", "message", "details"}}` with the matching HTTP status.',
    },
    servers: [{ url: '/v1', description: 'This server' }],
    tags: TAGS,
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key (`whk_…`), as `Authorization: Bearer <key>`.' },
      },
      responses,
      schemas,
    },
  };
}
