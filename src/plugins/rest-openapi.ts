import { GraphQLNonNull, getNamedType, isInputObjectType, isNonNullType, type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLNullableType, type GraphQLOutputType, type GraphQLSchema } from 'graphql';
import { ERROR_STATUS } from '../errors.js';
import { pathArgument, type RestRoute, type RestTag } from './rest-route.js';
import { N8N_SCHEMA, REQUEST_EXAMPLES, nativeSchema } from './rest-openapi-workflows.js';
import { componentSchemas, pruneComponents, schemaRef as ref, typeSchema, type JsonSchema } from './rest-openapi-schemas.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- an OpenAPI document is free-form JSON */
export type OpenApiDocument = Record<string, any>;

const TAGS: { name: RestTag; description: string }[] = [
  { name: 'Workflows', description: 'Import, create, list, change and delete workflows.' },
  { name: 'Analyses', description: 'Analyse workflows and read their health history, findings included.' },
  { name: 'Locations', description: 'Locations (sub-accounts) and their health over time.' },
  { name: 'Users', description: 'The users of the organization: create (with a first API key), change roles, remove. ADMIN only; a caller never grants more than it has.' },
  { name: 'Rules', description: 'The analysis rules and the score formula (public).' },
  { name: 'Account', description: 'Who is calling: user, organization, role, tier and visible locations.' },
];

const anyWorkflow = (description: string, withString = false) => ({
  description,
  anyOf: [ref('N8nWorkflow'), ref('NativeWorkflow'), ...(withString ? [{ type: 'string', description: 'The same JSON, as a string.' }] : [])],
});

/** JSON-scalar input fields: what they actually hold. */
const JSON_INPUTS: Record<string, (description: string) => JsonSchema> = {
  'CreateWorkflowInput.definition': (d) => ({ ...ref('NativeWorkflow'), description: d }),
  'ImportWorkflowInput.workflow': (d) => anyWorkflow(d, true),
  'AnalyzeDefinitionInput.definition': (d) => anyWorkflow(d),
  'UpdateWorkflowInput.definition': (d) => anyWorkflow(d),
};

/** The bounds the schema's validators enforce on numeric query parameters (by argument name). */
const PARAMETER_BOUNDS: Record<string, JsonSchema> = {
  first: { minimum: 1, maximum: 100, default: 20 },
  days: { minimum: 1, maximum: 365, default: 30 },
  minScore: { minimum: 0, maximum: 100 },
  maxScore: { minimum: 0, maximum: 100 },
};

const integerHeader = (description: string) => ({ description, schema: { type: 'integer', minimum: 0 } });
/** What a 429 carries (successful responses carry the RateLimit-* and X-RateLimit-* ones too). */
const RATE_LIMIT_HEADERS = {
  'Retry-After': integerHeader('Seconds to wait before retrying.'),
  'RateLimit-Limit': integerHeader('Requests allowed per minute (the tighter of the organization and API-key limits, or the per-IP one).'),
  'RateLimit-Remaining': integerHeader('Requests left in the current minute.'),
  'RateLimit-Reset': integerHeader('Seconds until the current window ends.'),
  'X-RateLimit-Tier': { description: 'The organization tier (FREE, PRO, ENTERPRISE); absent without an API key.', schema: { type: 'string' } },
};

/** The error shape; `code` lists the whole code set of src/errors.ts. */
const ERROR_SCHEMA = {
  type: 'object',
  description: 'The one error shape of the REST API.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS), description: 'Stable error code (the same as `extensions.code` on GraphQL).' },
        message: { type: 'string', description: 'What went wrong, safe to show.' },
        details: {
          type: 'array',
          description: 'For BAD_USER_INPUT and BAD_REQUEST: one entry per field at fault. For RATE_LIMITED: the limit reached, and the upgrade hint for FREE.',
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
  example: { error: { code: 'NOT_FOUND', message: 'Workflow "4f0c8a1e-2b3d-4c5e-8f9a-0b1c2d3e4f5a" was not found' } },
};

/** Error answers: the component name and what each status means. */
const ERRORS = {
  400: ['BadRequest', 'Bad input: an invalid argument, enum value, cursor, page size or id, an unknown query parameter (BAD_USER_INPUT, `details` names each field), or a body that is not JSON (BAD_REQUEST).'],
  401: ['Unauthorized', 'No API key, or an invalid or revoked one (UNAUTHENTICATED). Send `Authorization: Bearer <API key>`.'],
  403: ['Forbidden', 'The role of the API key does not allow this operation, or it would grant more than the caller has (FORBIDDEN).'],
  404: ['NotFound', 'Unknown id, or an id of another organization or of a location the key may not see (NOT_FOUND).'],
  409: ['Conflict', 'CONFLICT: see the operation.'],
  412: ['PreconditionFailed', '`If-Match` names a version that is no longer the stored one (PRECONDITION_FAILED); nothing changed.'],
  413: ['PayloadTooLarge', 'The request body is over the configured limit (PAYLOAD_TOO_LARGE).'],
  429: [
    'TooManyRequests',
    'A rate limit was reached (RATE_LIMITED): requests per minute of the organization tier or of the API key, analyses per hour (analysis routes), or, per client IP, requests without an API key or failed authentications. The message names the limit; retry after `Retry-After` seconds. For FREE, `details` holds an `upgrade` entry with the next tier, its limits and a URL.',
  ],
  500: ['InternalError', 'Unexpected error (INTERNAL_SERVER_ERROR); the message is masked.'],
  503: ['ServiceUnavailable', 'The database is down or not answering in time (SERVICE_UNAVAILABLE); retry after `Retry-After` seconds.'],
} as const;
type ErrorStatus = keyof typeof ERRORS;

/** What CONFLICT means on the operations that can answer it. */
const CONFLICTS: Record<string, string> = {
  updateWorkflow: 'The workflow changed since you read it: `expectedVersion` is not the stored version (CONFLICT); nothing changed.',
  createLocation: 'A location with this name already exists in the organization (CONFLICT).',
  createUser: 'A user with this e-mail already exists on the platform (CONFLICT).',
};

const HEADERS = {
  ETag: {
    description: 'Identifies this representation; send it back in `If-None-Match` (304 when unchanged). A workflow’s ETag starts with `"v<version>-` and can be sent in `If-Match` on PATCH.',
    schema: { type: 'string' },
  },
  Location: { description: 'The path of the created resource.', schema: { type: 'string' } },
};

const PARAMETERS = {
  IfNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'An ETag from an earlier answer: 304 Not Modified, without a body, when the resource still has it.',
    schema: { type: 'string' },
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The ETag of the workflow as you read it: instead of `expectedVersion`. 412 when the workflow has changed since.',
    schema: { type: 'string' },
  },
};

const ROUTE_NOTES: Record<string, string> = {
  listWorkflows: 'Follow `pageInfo.endCursor` with `after` for the next page; `totalCount` counts every page.',
  createWorkflow: 'Answers 201 with the workflow and its path in `Location`.',
  importWorkflow: 'Answers 201 with the workflow and its path in `Location`.',
  updateWorkflow:
    'The workflow id comes from the path; fields left out stay as they are. Give the version you read as `input.expectedVersion` or as the ETag in `If-Match`: a stale one answers 409 (or 412 with `If-Match`) and changes nothing.',
  deleteWorkflow: 'Answers 204 without a body. The workflow then answers 404; its history is kept.',
  analyzeWorkflow:
    'No body needed. Answers 201 with the stored analysis (findings included) and its path in `Location`; with `{"mode": "ASYNC"}` the analysis is QUEUED: follow its `Location` until it is COMPLETED.',
  analyzeWorkflows:
    'The body is `{"input": {"workflowIds": [...]}}` or `{"input": {"locationId": "..."}}`. Answers 202 with the QUEUED batch and its path in `Location`: follow it with GET until it is COMPLETED.',
  getAnalysisBatch: 'The batch `{id}`: its status and counters (its analyses are listed over GraphQL: `analysisBatch { analyses }`).',
  listWorkflowAnalyses: 'The analyses of the workflow `{id}`, each with its findings.',
  analyzeDefinition: 'Nothing is stored.',
  createLocation: 'Answers 201 with the location and its path in `Location`.',
  getLocationHealth: 'For the location `{id}`.',
  createUser: 'Answers 201 with the user, its first API key (shown once) and its path in `Location`.',
  updateUserRole: 'The user id comes from the path; the body is `{"role": …}`.',
  removeUser: 'Answers 204 without a body. The user’s API keys stop working at once.',
};

const firstSentence = (text: string) => /^[\s\S]*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;

function rootField(schema: GraphQLSchema, route: RestRoute): GraphQLField<unknown, unknown> {
  const [root, name] = route.field.split('.') as [string, string];
  const field = (root === 'Query' ? schema.getQueryType() : schema.getMutationType())?.getFields()[name];
  if (!field) throw new Error(`REST route ${route.operationId} names ${route.field}, which the schema lacks`);
  return field;
}

/** `locationId(s)` as an argument or a field of an input argument: an unknown one is NOT_FOUND. */
const LOCATION_ARGS = ['locationId', 'locationIds'];
const takesLocation = (args: readonly GraphQLArgument[]) =>
  args.some(
    (a) =>
      LOCATION_ARGS.includes(a.name) ||
      (isInputObjectType(getNamedType(a.type)) && LOCATION_ARGS.some((name) => name in (getNamedType(a.type) as any).getFields())),
  );

function errorStatuses(route: RestRoute, field: GraphQLField<unknown, unknown>): ErrorStatus[] {
  // Every route: an unknown query parameter (400), a bad key even on the public one (401), rate
  // limits (429: per IP without a key), 500; and 503 where the database is read.
  const statuses = new Set<ErrorStatus>([400, 401, 429, 500]);
  if (!route.public) statuses.add(503);
  const scopes = (field.extensions as any)?.pothosOptions?.authScopes ?? {};
  if (scopes.member || scopes.admin || scopes.owner) statuses.add(403);
  if (route.path.includes(':id') || takesLocation(field.args)) statuses.add(404);
  if (CONFLICTS[route.operationId]) statuses.add(409);
  if (route.versioned && route.method === 'PATCH') statuses.add(412);
  if (route.method === 'POST' || route.method === 'PATCH') statuses.add(413);
  return [...statuses].sort((a, b) => a - b);
}

/** The type without its nullability: a REST answer or a query parameter is never `null`. */
const notNull = <T extends GraphQLInputType | GraphQLOutputType>(type: T): T => (isNonNullType(type) ? type : (new GraphQLNonNull(type as GraphQLNullableType) as T));

function operation(schema: GraphQLSchema, route: RestRoute): JsonSchema {
  const field = rootField(schema, route);
  const fromPath = pathArgument(route);
  const hasBody = route.method === 'POST' || route.method === 'PATCH';
  const parameters: JsonSchema[] = [];
  if (route.path.includes(':id')) {
    const described = field.args.find((a) => a.name === fromPath)?.description;
    parameters.push({ name: 'id', in: 'path', required: true, description: described ?? 'Workflow id.', schema: { type: 'string', format: 'uuid' } });
  }
  const bodyArgs = field.args.filter((a) => a.name !== fromPath);
  if (!hasBody) {
    for (const arg of bodyArgs) {
      const { description: _typeDescription, ...argSchema } = typeSchema(notNull(arg.type));
      parameters.push({
        name: arg.name,
        in: 'query',
        required: isNonNullType(arg.type),
        ...(arg.description ? { description: arg.description } : {}),
        schema: { ...argSchema, ...PARAMETER_BOUNDS[arg.name] },
      });
    }
  }
  if (route.method === 'GET') parameters.push({ $ref: '#/components/parameters/IfNoneMatch' });
  if (route.versioned && route.method === 'PATCH') parameters.push({ $ref: '#/components/parameters/IfMatch' });

  let requestBody: JsonSchema | undefined;
  if (hasBody && bodyArgs.length) {
    const properties = Object.fromEntries(
      bodyArgs.map((a) => {
        const own = route.idTo && 'inputKey' in route.idTo && a.name === 'input' ? ref('UpdateWorkflowChanges') : typeSchema(a.type);
        return [a.name, a.description ? { ...own, description: a.description } : own];
      }),
    );
    const required = bodyArgs.filter((a) => isNonNullType(a.type)).map((a) => a.name);
    const example = REQUEST_EXAMPLES[route.operationId];
    requestBody = {
      required: required.length > 0,
      description: 'A JSON object whose top-level keys are the arguments of the operation.',
      content: {
        'application/json': {
          schema: { type: 'object', ...(required.length ? { required } : {}), properties },
          ...(example ? { examples: { [route.operationId]: example } } : {}),
        },
      },
    };
  }

  const responses: Record<string, JsonSchema> = {};
  const etag = route.method === 'GET' || route.versioned;
  if (route.status === 204) responses['204'] = { description: 'Done; no body.' };
  else {
    responses[route.status] = {
      description: route.status === 201 ? 'Created.' : route.status === 202 ? 'Accepted: the work runs in the background.' : 'OK.',
      ...(etag || route.created ? { headers: { ...(etag ? { ETag: { $ref: '#/components/headers/ETag' } } : {}), ...(route.created ? { Location: { $ref: '#/components/headers/Location' } } : {}) } } : {}),
      content: { 'application/json': { schema: typeSchema(notNull(field.type)) } },
    };
  }
  if (route.method === 'GET') responses['304'] = { description: 'Not modified: the `If-None-Match` ETag is current. No body.', headers: { ETag: { $ref: '#/components/headers/ETag' } } };
  for (const status of errorStatuses(route, field)) {
    responses[status] =
      status === 409
        ? { description: CONFLICTS[route.operationId], content: { 'application/json': { schema: ref('Error') } } }
        : { $ref: `#/components/responses/${ERRORS[status][0]}` };
  }

  const described = field.description ?? '';
  const notes = [described, ROUTE_NOTES[route.operationId], `GraphQL: \`${route.field.split('.')[1]}\`.`].filter(Boolean);
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: firstSentence(described).replace(/\.$/, ''),
    description: notes.join('\n\n'),
    ...(route.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of REST /v1 (3.1: the NATIVE workflow JSON Schema is 2020-12), built
 * from the schema Sofa serves and the route table: operations, parameters and bodies from the
 * root fields' arguments, representations from the object types, the statuses each route can
 * answer, and only the components something refers to.
 */
export function buildOpenApiDocument(schema: GraphQLSchema, routes: readonly RestRoute[]): OpenApiDocument {
  const schemas = componentSchemas(schema, JSON_INPUTS);
  schemas.Error = ERROR_SCHEMA;
  schemas.N8nWorkflow = N8N_SCHEMA;
  schemas.NativeWorkflow = nativeSchema();
  if (schemas.UpdateWorkflowInput) {
    const { id: _id, ...properties } = schemas.UpdateWorkflowInput.properties;
    schemas.UpdateWorkflowChanges = {
      ...schemas.UpdateWorkflowInput,
      description:
        'Changes to a workflow (its id is in the path); fields left out stay as they are. `expectedVersion` is required unless the request carries `If-Match`.',
      properties,
      required: (schemas.UpdateWorkflowInput.required as string[]).filter((r) => r !== 'id' && r !== 'expectedVersion'),
    };
    if (!schemas.UpdateWorkflowChanges.required.length) delete schemas.UpdateWorkflowChanges.required;
  }

  const paths: Record<string, Record<string, unknown>> = {};
  const usedErrors = new Set<string>();
  for (const route of routes) {
    const op = operation(schema, route);
    for (const response of Object.values(op.responses as Record<string, JsonSchema>)) {
      if (response.$ref) usedErrors.add(response.$ref.split('/').pop());
    }
    (paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')] ??= {})[route.method.toLowerCase()] = op;
  }
  const responses = Object.fromEntries(
    Object.values(ERRORS)
      .filter(([name]) => usedErrors.has(name))
      .map(([name, description]) => [
        name,
        { description, ...(name === 'TooManyRequests' ? { headers: RATE_LIMIT_HEADERS } : {}), content: { 'application/json': { schema: ref('Error') } } },
      ]),
  );

  const document: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: 'Workflow Health API',
      version: '1.0.0',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      description:
        'REST /v1 of the Workflow Health API, derived from the GraphQL schema (POST /graphql). Import n8n workflows, analyse them, and read their health score, findings and history.\n\n' +
        'Authenticate with `Authorization: Bearer <API key>` (only `GET /rules` is public). Request bodies are JSON objects whose top-level keys are the arguments, e.g. `{"input": {…}}`. ' +
        'Errors answer `{"error": {"code", "message", "details"}}` with the matching HTTP status. A path called with a method it does not have answers 405 with `Allow`; every GET route also answers HEAD.',
    },
    servers: [{ url: '/v1', description: 'This server' }],
    tags: TAGS,
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key (`whk_…`), as `Authorization: Bearer <key>`.' },
      },
      parameters: PARAMETERS,
      headers: HEADERS,
      responses,
      schemas,
    },
  };
  pruneComponents(document);
  document.components.schemas = Object.fromEntries(Object.entries(document.components.schemas).sort(([a], [b]) => a.localeCompare(b)));
  return document;
}
