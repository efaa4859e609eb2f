import type { GraphQLSchema } from 'graphql';
import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import type { Plugin } from 'graphql-yoga';
import { useSofa } from '@graphql-yoga/plugin-sofa';
import { useSofa as createSofaRouter } from 'sofa-api';
import type { ErrorCode, FieldError } from '../errors.js';
import type { Logger } from '../logger.js';
import { errorResponse } from './error-response.js';
import { checkQueryNumbers, toRestError } from './rest-errors.js';
import { buildOpenApiDocument, type OpenApiDocument } from './rest-openapi.js';
import type { RestRoute } from './rest-route.js';
import { useSwaggerUi } from './swagger-ui.js';

type SofaErrorHandler = NonNullable<Parameters<typeof createSofaRouter>[0]['errorHandler']>;

export const REST_BASE = '/v1';

/**
 * The REST surface: explicit resource routes (DESIGN §5), not Sofa's default one route per field.
 * Everything not listed here (admin fields, API keys, `location(id)`) does not exist on /v1.
 */
export const REST_ROUTES: readonly RestRoute[] = [
  { operationId: 'listWorkflows', field: 'Query.workflows', method: 'GET', path: '/workflows', status: 200, tag: 'Workflows' },
  { operationId: 'createWorkflow', field: 'Mutation.createWorkflow', method: 'POST', path: '/workflows', status: 201, tag: 'Workflows' },
  { operationId: 'importWorkflow', field: 'Mutation.importWorkflow', method: 'POST', path: '/workflows/import', status: 201, tag: 'Workflows' },
  { operationId: 'getWorkflow', field: 'Query.workflow', method: 'GET', path: '/workflows/:id', status: 200, tag: 'Workflows' },
  {
    operationId: 'updateWorkflow',
    field: 'Mutation.updateWorkflow',
    method: 'PATCH',
    path: '/workflows/:id',
    status: 200,
    tag: 'Workflows',
    idTo: { inputKey: 'id' },
  },
  { operationId: 'deleteWorkflow', field: 'Mutation.deleteWorkflow', method: 'DELETE', path: '/workflows/:id', status: 200, tag: 'Workflows' },
  { operationId: 'analyzeWorkflow', field: 'Mutation.analyzeWorkflow', method: 'POST', path: '/workflows/:id/analyses', status: 201, tag: 'Analyses' },
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
  { operationId: 'analyzeDefinition', field: 'Mutation.analyzeDefinition', method: 'POST', path: '/analyze', status: 200, tag: 'Analyses' },
  { operationId: 'listLocations', field: 'Query.locations', method: 'GET', path: '/locations', status: 200, tag: 'Locations' },
  { operationId: 'createLocation', field: 'Mutation.createLocation', method: 'POST', path: '/locations', status: 201, tag: 'Locations' },
  {
    operationId: 'getLocationHealth',
    field: 'Query.locationHealth',
    method: 'GET',
    path: '/locations/:id/health',
    status: 200,
    tag: 'Locations',
    idTo: { arg: 'locationId' },
  },
  { operationId: 'getRules', field: 'Query.rules', method: 'GET', path: '/rules', status: 200, tag: 'Rules', public: true },
  { operationId: 'getMe', field: 'Query.viewer', method: 'GET', path: '/me', status: 200, tag: 'Account' },
];

/**
 * Object fields left out of REST representations. A REST resource has one fixed shape (Sofa
 * selects every field), so: no nested history (`Workflow.analyses` has its own route and would
 * load 20 analyses per workflow of a list), no definition or latest analysis in workflow lists
 * (a page of 20 workflows would carry 20 definitions and finding lists; the history route gives
 * the latest analysis), and ids instead of back-references (`locationId`, `workflowId`).
 */
const HIDDEN_FIELDS = new Set(['Workflow.analyses', 'Workflow.latestAnalysis', 'Workflow.source', 'Workflow.location', 'Analysis.workflow']);

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
      REST_ROUTES.map((r) => [r.field, { method: r.method, path: r.path, responseStatus: r.status, tags: [r.tag] }]),
    ),
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
  const filtered = restSchema(schema);
  // With both endpoints off fets skips its OpenAPI plugin, so the paths are collected with the
  // endpoint on; this router only builds the document and never handles a request.
  const router = createSofaRouter({ ...sofaConfig(), openAPI: { endpoint: '/openapi.json' }, schema: filtered });
  return buildOpenApiDocument(structuredClone(router.openAPIDocument) as OpenApiDocument, filtered, REST_ROUTES);
}

interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
}

const COMPILED: CompiledRoute[] = REST_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${REST_BASE}${route.path.replace(/:id\b/, '(?<id>[^/]+)')}/?$`),
}));

export interface RestOptions {
  log: Logger;
  /** Serve the OpenAPI document (/openapi.json, /v1/openapi.json) and Swagger UI (/api-docs). Default true. */
  apiDocs?: boolean;
}

/** Where the OpenAPI document is served: under the API, and at the root (the usual place tools look). */
export const OPENAPI_PATHS = [`${REST_BASE}/openapi.json`, '/openapi.json'];

/**
 * REST /v1 derived from the GraphQL schema with Sofa, mounted inside Yoga so that the context
 * factory (API key from `Authorization: Bearer`), tenancy, masking and every other Yoga plugin
 * apply to it; plus the OpenAPI document at /v1/openapi.json and Swagger UI at /api-docs.
 *
 * Request bodies: Sofa reads a mutation's arguments from the top-level keys of the JSON body,
 * so `POST /v1/workflows` takes `{ "input": { … } }` and `:id` path parameters fill an `id`
 * argument. Where the path id must feed something else the gate below rewrites the request
 * before Sofa reads it (Sofa's route config can only map a path parameter to an argument of the
 * same name): `PATCH /v1/workflows/:id` sets `input.id` (the path wins over a body `id`), and
 * `GET /v1/workflows/:id/analyses` / `GET /v1/locations/:id/health` set the `workflowId` /
 * `locationId` argument, so every id-taking route spells its path `{id}`.
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

  const errorHandler = (errors: readonly unknown[]): Response => {
    const mapped = errors.map((e) => toRestError(e, options.log));
    const primary = mapped.reduce((a, b) => (b.status > a.status ? b : a));
    const details = mapped.filter((m) => m.code === primary.code).flatMap((m) => m.details ?? []);
    const body = { error: { code: primary.code, message: primary.message, ...(details.length ? { details } : {}) } };
    return new fetchAPI!.Response(JSON.stringify(body), {
      status: primary.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...Object.assign({}, ...mapped.map((m) => m.headers ?? {})) },
    });
  };

  const sofa = useSofa(sofaConfig(errorHandler));
  const sofaOnSchemaChange = sofa.onSchemaChange!;

  const gate: Plugin = {
    onYogaInit({ yoga }) {
      fetchAPI = yoga.fetchAPI;
    },
    onSchemaChange(payload) {
      schema = payload.schema;
      document = undefined;
    },
    async onRequest({ request, url, endResponse, setRequest }) {
      const isDocument = OPENAPI_PATHS.includes(url.pathname);
      if (!isDocument && url.pathname !== REST_BASE && !url.pathname.startsWith(`${REST_BASE}/`)) return;
      const api = fetchAPI!;
      const fail = (code: ErrorCode, message: string, details?: FieldError[], headers?: Record<string, string>) =>
        endResponse(errorResponse(api, url.pathname, code, message, { details, headers }));

      if (isDocument) {
        if (!apiDocs) return fail('NOT_FOUND', `No route ${request.method} ${url.pathname}`);
        if (request.method !== 'GET' && request.method !== 'HEAD') return fail('NOT_FOUND', `No route ${request.method} ${url.pathname}`, undefined, { allow: 'GET' });
        document ??= restOpenApiDocument(schema!);
        return endResponse(new api.Response(JSON.stringify(document), { headers: { 'content-type': 'application/json; charset=utf-8' } }));
      }

      const matches = COMPILED.map((c) => ({ ...c, m: c.pattern.exec(url.pathname) })).filter((c) => c.m);
      const match = matches.find((c) => c.route.method === request.method);
      if (!match) {
        const allow = [...new Set(matches.map((c) => c.route.method))].join(', ');
        return fail('NOT_FOUND', `No route ${request.method} ${url.pathname}`, undefined, allow ? { allow } : undefined);
      }

      const badNumbers = match.route.method === 'GET' ? checkQueryNumbers(schema!, match.route, url) : [];
      if (badNumbers.length) return fail('BAD_USER_INPUT', badNumbers.map((d) => `${d.field}: ${d.message}`).join('; '), badNumbers);

      let id: string | undefined;
      try {
        id = match.m!.groups?.id === undefined ? undefined : decodeURIComponent(match.m!.groups.id);
      } catch {
        return fail('BAD_USER_INPUT', 'The id in the path is not valid percent-encoding', [{ field: 'id', message: 'is not valid percent-encoding' }]);
      }
      let body: unknown;
      if (match.route.method === 'POST' || match.route.method === 'PATCH') {
        const text = await request.text();
        try {
          body = text.trim() === '' ? {} : JSON.parse(text);
        } catch (error) {
          return fail('BAD_USER_INPUT', 'The request body is not valid JSON', [{ field: 'body', message: (error as Error).message }]);
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          return fail('BAD_USER_INPUT', 'The request body must be a JSON object whose keys are the arguments, e.g. {"input": {…}}', [
            { field: 'body', message: 'must be a JSON object' },
          ]);
        }
      }

      const target = new URL(url);
      // Sofa reads an argument from the query string before the body: on body routes the query
      // string is dropped, so `?input=…` cannot override the body (or the path id put into it).
      if (body !== undefined) target.search = '';
      const idTo = match.route.idTo;
      if (id !== undefined && idTo && 'arg' in idTo) target.searchParams.set(idTo.arg, id);
      if (id !== undefined && idTo && 'inputKey' in idTo) {
        const record = body as Record<string, unknown>;
        const input = record.input;
        if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
          return fail('BAD_USER_INPUT', 'input must be a JSON object', [{ field: 'input', message: 'must be a JSON object' }]);
        }
        record.input = { ...(input as object | undefined), [idTo.inputKey]: id };
      }
      // The body was read above; hand Sofa a fresh request with the (possibly rewritten) body.
      if (body !== undefined || target.href !== url.href) {
        const headers = new api.Headers(request.headers);
        const payload = body === undefined ? undefined : JSON.stringify(body);
        if (payload !== undefined) {
          headers.set('content-type', 'application/json');
          headers.set('content-length', String(Buffer.byteLength(payload)));
        }
        setRequest(new api.Request(target.href, { method: request.method, headers, body: payload, signal: request.signal }));
      }
    },
  };

  return [
    ...(apiDocs ? [useSwaggerUi({ path: '/api-docs', openApiUrl: `${REST_BASE}/openapi.json` })] : []),
    gate,
    // The plugin builds Sofa's router from the schema Yoga hands it; give it the REST schema.
    { ...sofa, onSchemaChange: (payload) => sofaOnSchemaChange({ ...payload, schema: restSchema(payload.schema) }) },
  ];
}
