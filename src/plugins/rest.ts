import type { GraphQLSchema } from 'graphql';
import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import type { Plugin } from 'graphql-yoga';
import type { useSofa as createSofaRouter } from 'sofa-api';
import type { ErrorMasking } from './error-masking.js';
import { toRestError } from './rest-errors.js';
import { useRestGate } from './rest-gate.js';
import { useRestResponses, type RestExchange } from './rest-http.js';
import { buildOpenApiDocument, type OpenApiDocument } from './rest-openapi.js';
import { REST_BASE_PATH, type RestRoute } from './rest-route.js';
import { useSwaggerUi } from './swagger-ui.js';
import { useLazySofa } from './lazy-sofa.js';

type SofaErrorHandler = NonNullable<Parameters<typeof createSofaRouter>[0]['errorHandler']>;

export const REST_BASE = REST_BASE_PATH;

/**
 * The REST surface: explicit resource routes (DESIGN §5), not Sofa's default one route per field.
 * Everything not listed here (admin fields, API keys) does not exist on /v1.
 */
export const REST_ROUTES: readonly RestRoute[] = [
  { operationId: 'listWorkflows', field: 'Query.workflows', method: 'GET', path: '/workflows', status: 200, tag: 'Workflows' },
  {
    operationId: 'createWorkflow',
    field: 'Mutation.createWorkflow',
    method: 'POST',
    path: '/workflows',
    status: 201,
    tag: 'Workflows',
    created: (w) => `/workflows/${w.id}`,
    versioned: true,
  },
  {
    operationId: 'importWorkflow',
    field: 'Mutation.importWorkflow',
    method: 'POST',
    path: '/workflows/import',
    status: 201,
    tag: 'Workflows',
    created: (w) => `/workflows/${w.id}`,
    versioned: true,
  },
  { operationId: 'getWorkflow', field: 'Query.workflow', method: 'GET', path: '/workflows/:id', status: 200, tag: 'Workflows', versioned: true },
  {
    operationId: 'updateWorkflow',
    field: 'Mutation.updateWorkflow',
    method: 'PATCH',
    path: '/workflows/:id',
    status: 200,
    tag: 'Workflows',
    idTo: { inputKey: 'id' },
    versioned: true,
  },
  { operationId: 'deleteWorkflow', field: 'Mutation.deleteWorkflow', method: 'DELETE', path: '/workflows/:id', status: 204, tag: 'Workflows' },
  {
    operationId: 'analyzeWorkflow',
    field: 'Mutation.analyzeWorkflow',
    method: 'POST',
    path: '/workflows/:id/analyses',
    status: 201,
    tag: 'Analyses',
    created: (r) => `/analyses/${r.analysis.id}`,
  },
  {
    operationId: 'listWorkflowAnalyses',
    field: 'Query.analyses',
    method: 'GET',
    path: '/workflows/:id/analyses',
    status: 200,
    tag: 'Analyses',
    idTo: { arg: 'workflowId' },
  },
  { operationId: 'getAnalysis', field: 'Query.analysis', method: 'GET', path: '/analyses/:id', status: 200, tag: 'Analyses' },
  {
    operationId: 'analyzeWorkflows',
    field: 'Mutation.analyzeWorkflows',
    method: 'POST',
    path: '/analyses/batch',
    status: 202,
    tag: 'Analyses',
    created: (b) => `/batches/${b.id}`,
  },
  { operationId: 'getAnalysisBatch', field: 'Query.analysisBatch', method: 'GET', path: '/batches/:id', status: 200, tag: 'Analyses' },
  { operationId: 'analyzeDefinition', field: 'Mutation.analyzeDefinition', method: 'POST', path: '/analyze', status: 200, tag: 'Analyses' },
  { operationId: 'listLocations', field: 'Query.locations', method: 'GET', path: '/locations', status: 200, tag: 'Locations' },
  {
    operationId: 'createLocation',
    field: 'Mutation.createLocation',
    method: 'POST',
    path: '/locations',
    status: 201,
    tag: 'Locations',
    created: (l) => `/locations/${l.id}`,
  },
  { operationId: 'getLocation', field: 'Query.location', method: 'GET', path: '/locations/:id', status: 200, tag: 'Locations' },
  {
    operationId: 'getLocationHealth',
    field: 'Query.locationHealth',
    method: 'GET',
    path: '/locations/:id/health',
    status: 200,
    tag: 'Locations',
    idTo: { arg: 'locationId' },
  },
  { operationId: 'listUsers', field: 'Query.users', method: 'GET', path: '/users', status: 200, tag: 'Users' },
  {
    operationId: 'createUser',
    field: 'Mutation.createUser',
    method: 'POST',
    path: '/users',
    status: 201,
    tag: 'Users',
    created: (r) => `/users/${r.user.id}`,
  },
  { operationId: 'getUser', field: 'Query.user', method: 'GET', path: '/users/:id', status: 200, tag: 'Users' },
  { operationId: 'updateUserRole', field: 'Mutation.updateUserRole', method: 'PATCH', path: '/users/:id', status: 200, tag: 'Users' },
  { operationId: 'removeUser', field: 'Mutation.removeUser', method: 'DELETE', path: '/users/:id', status: 204, tag: 'Users' },
  { operationId: 'getRules', field: 'Query.rules', method: 'GET', path: '/rules', status: 200, tag: 'Rules', public: true },
  { operationId: 'getMe', field: 'Query.viewer', method: 'GET', path: '/me', status: 200, tag: 'Account' },
];

/**
 * Object fields left out of REST representations (a batch's analyses are listed over GraphQL). A REST resource has one fixed shape (Sofa
 * selects every field), so: no nested history (`Workflow.analyses` has its own route and would
 * load 20 analyses per workflow of a list), no definition or latest analysis in workflow lists
 * (a page of 20 workflows would carry 20 definitions and finding lists; the history route gives
 * the latest analysis), and ids instead of back-references (`locationId`, `workflowId`).
 */
const HIDDEN_FIELDS = new Set(['AnalysisBatch.analyses', 'Workflow.analyses', 'Workflow.latestAnalysis', 'Workflow.source', 'Workflow.location', 'Analysis.workflow']);

const ROUTED_ROOT_FIELDS = new Set(REST_ROUTES.map((r) => r.field));

/**
 * The schema Sofa sees: only the routed root fields, without the hidden object fields, and
 * pruned of the types nothing reaches any more (admin and API-key types). Resolvers are the
 * schema's own (mapSchema keeps them), so auth, tenancy and validation are unchanged.
 */
export function restSchema(schema: GraphQLSchema): GraphQLSchema {
  return pruneSchema(
    filterSchema({
      schema,
      rootFieldFilter: (operation, fieldName) => ROUTED_ROOT_FIELDS.has(`${operation}.${fieldName}`),
      objectFieldFilter: (typeName, fieldName) => !HIDDEN_FIELDS.has(`${typeName}.${fieldName}`),
    }),
  );
}

/** Sofa's configuration, shared by the running plugin and the OpenAPI generator. */
export function sofaConfig(errorHandler?: (errors: readonly unknown[]) => Response) {
  return {
    basePath: REST_BASE,
    routes: Object.fromEntries(
      // A 204 route still answers 200 from Sofa; the answer's plugin drops the body.
      REST_ROUTES.map((r) => [r.field, { method: r.method, path: r.path, responseStatus: r.status === 204 ? 200 : r.status, tags: [r.tag] }]),
    ),
    // Sofa selects only `id` of a nested object whose type has both a list and a by-id query
    // ("models": Workflow, Location). A REST representation here is the whole object type (minus
    // HIDDEN_FIELDS), as the OpenAPI document describes it, so no type is a model. Not in Sofa's
    // config type, but its factory spreads the config over the computed value.
    ...({ models: [] } as object),
    customScalars: {
      DateTime: { type: 'string', format: 'date-time' },
      JSON: {},
    },
    // Sofa's own OpenAPI endpoint and its Swagger UI (which loads from a CDN) are off: the plugin
    // below serves the post-processed document, and /api-docs serves swagger-ui-dist.
    openAPI: { endpoint: false as const },
    swaggerUI: { endpoint: false as const },
    // Typed by Sofa as fets' Response; ours is Yoga's fetchAPI Response (same runtime contract).
    ...(errorHandler ? { errorHandler: errorHandler as unknown as SofaErrorHandler } : {}),
  };
}

/** The OpenAPI document of /v1 for a schema (no database needed: used by the CLI too). */
export function restOpenApiDocument(schema: GraphQLSchema): OpenApiDocument {
  return buildOpenApiDocument(restSchema(schema), REST_ROUTES);
}

export interface RestOptions {
  /** Masks and logs errors as on /graphql (Sofa hands its error handler raw errors too). */
  errorMasking: ErrorMasking;
  /** Serve the OpenAPI document (/openapi.json, /v1/openapi.json) and Swagger UI (/api-docs). Default true. */
  apiDocs?: boolean;
}

/** Where the OpenAPI document is served: under the API, and at the root (the usual place tools look). */
export const OPENAPI_PATHS = [`${REST_BASE}/openapi.json`, '/openapi.json'];

/**
 * REST /v1 derived from the GraphQL schema with Sofa, mounted inside Yoga so that the context
 * factory (API key from `Authorization: Bearer`), tenancy, masking and every other Yoga plugin
 * apply to it; plus the OpenAPI document and Swagger UI at /api-docs when `apiDocs` is on.
 * The gate (rest-gate.ts) prepares requests for Sofa; rest-http.ts gives the answers their HTTP
 * semantics (ETag, 304, Location, 204, HEAD, 412).
 *
 * Errors are `{ error: { code, message, details? } }` with the status of DESIGN §5, built
 * with Yoga's fetchAPI Response (Sofa's default handler duplicates Content-Type and its
 * Response breaks the compression plugin).
 */
export function useRestApi(options: RestOptions): Plugin[] {
  const apiDocs = options.apiDocs ?? true;
  let fetchAPI: { Response: typeof Response; Request: typeof Request; Headers: typeof Headers } | undefined;
  let document: OpenApiDocument | undefined;
  let schema: GraphQLSchema | undefined;
  const exchanges = new WeakMap<Request, RestExchange>();

  const errorHandler = (errors: readonly unknown[]): Response => {
    const masked = errors.map((e) => options.errorMasking.maskError(e));
    const mapped = masked.map(toRestError);
    const primary = mapped.reduce((a, b) => (b.status > a.status ? b : a));
    const details = mapped.filter((m) => m.code === primary.code).flatMap((m) => m.details ?? []);
    const body = { error: { code: primary.code, message: primary.message, ...(details.length ? { details } : {}) } };
    const response = new fetchAPI!.Response(JSON.stringify(body), {
      status: primary.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...Object.assign({}, ...mapped.map((m) => m.headers ?? {})) },
    });
    return options.errorMasking.attach(response, masked);
  };


  return [
    {
      onYogaInit({ yoga }) {
        fetchAPI = yoga.fetchAPI;
      },
      onSchemaChange(payload) {
        schema = payload.schema;
        document = undefined;
      },
    },
    ...(apiDocs ? [useSwaggerUi({ path: '/api-docs', openApiUrl: `${REST_BASE}/openapi.json` })] : []),
    useRestGate({
      routes: REST_ROUTES,
      apiDocs,
      documentPaths: OPENAPI_PATHS,
      document: () => (document ??= restOpenApiDocument(schema!)),
      schema: () => schema!,
      fetchAPI: () => fetchAPI!,
      exchanges,
    }),
    useRestResponses(exchanges),
    // Sofa's router, built from the REST schema on the first /v1 request (see lazy-sofa.ts).
    useLazySofa(sofaConfig(errorHandler), restSchema),
  ];
}
