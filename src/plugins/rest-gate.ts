import type { GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ErrorCode, FieldError } from '../errors.js';
import { MAX_JSON_DEPTH, findTooDeep } from '../analyzer/json-depth.js';
import { errorResponse } from './error-response.js';
import { checkQueryNumbers, queryParameterNames } from './rest-errors.js';
import { versionOfEtag, type RestExchange } from './rest-http.js';
import { REST_BASE_PATH, type RestRoute } from './rest-route.js';

type FetchApi = { Response: typeof Response; Request: typeof Request; Headers: typeof Headers };

export interface RestGateOptions {
  routes: readonly RestRoute[];
  /** Serve the OpenAPI document (else those paths answer 404). */
  apiDocs: boolean;
  documentPaths: readonly string[];
  /** The document, built on first use. */
  document(): unknown;
  schema(): GraphQLSchema;
  fetchAPI(): FetchApi;
  /** Filled for every routed request, read by the answer's plugin. */
  exchanges: WeakMap<Request, RestExchange>;
}

interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
}

const allowOf = (methods: Iterable<string>) => {
  const set = new Set(methods);
  if (set.has('GET')) set.add('HEAD');
  return [...set].join(', ');
};

/**
 * The request side of REST /v1, before Sofa reads anything: finds the route (404 for an unknown
 * path, 405 with `Allow` for a known path and a wrong method), refuses unknown query parameters
 * and malformed numbers, reads and checks the JSON body, maps the `{id}` path parameter onto the
 * argument it fills, turns `If-Match` into `expectedVersion`, and sends HEAD on as GET.
 *
 * Sofa reads a mutation's arguments from the top-level keys of the JSON body (`{"input": {…}}`).
 * Sofa's route config can only map a path parameter to an argument of the same name, so the gate
 * rewrites the request: `PATCH /v1/workflows/:id` sets `input.id` (the path wins over a body
 * `id`), and `GET /v1/workflows/:id/analyses` / `GET /v1/locations/:id/health` set the
 * `workflowId` / `locationId` argument.
 */
export function useRestGate(options: RestGateOptions): Plugin {
  // By their first path segment (always a literal): a request tries only the routes under its
  // own, not every route's expression (matching them all was 2% of a REST list page's CPU).
  const bySegment = new Map<string, CompiledRoute[]>();
  for (const route of options.routes) {
    const segment = route.path.split('/')[1]!;
    const routes = bySegment.get(segment) ?? [];
    routes.push({ route, pattern: new RegExp(`^${REST_BASE_PATH}${route.path.replace(/:id\b/, '(?<id>[^/]+)')}/?$`) });
    bySegment.set(segment, routes);
  }
  const candidatesOf = (pathname: string): readonly CompiledRoute[] => {
    const rest = pathname.slice(REST_BASE_PATH.length + 1);
    const slash = rest.indexOf('/');
    return bySegment.get(slash < 0 ? rest : rest.slice(0, slash)) ?? [];
  };

  return {
    async onRequest({ request, url, endResponse, setRequest }) {
      const isDocument = options.documentPaths.includes(url.pathname);
      if (!isDocument && url.pathname !== REST_BASE_PATH && !url.pathname.startsWith(`${REST_BASE_PATH}/`)) return;
      const api = options.fetchAPI();
      const fail = (code: ErrorCode, message: string, details?: FieldError[], headers?: Record<string, string>) => {
        const response = errorResponse(api, REST_BASE_PATH, code, message, { details, headers });
        // A HEAD answer has the status and headers of the GET answer, never a body.
        endResponse(request.method === 'HEAD' ? new api.Response(null, { status: response.status, headers: response.headers }) : response);
      };
      const method = request.method === 'HEAD' ? 'GET' : request.method;

      if (isDocument) {
        if (!options.apiDocs) return fail('NOT_FOUND', `No route ${request.method} ${url.pathname}`);
        if (method !== 'GET') return fail('METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${url.pathname}`, undefined, { allow: 'GET, HEAD' });
        const text = JSON.stringify(options.document());
        return endResponse(
          new api.Response(request.method === 'HEAD' ? null : text, {
            headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) },
          }),
        );
      }

      const all: (CompiledRoute & { m: RegExpExecArray })[] = [];
      for (const c of candidatesOf(url.pathname)) {
        const m = c.pattern.exec(url.pathname);
        if (m) all.push({ ...c, m });
      }
      // A literal path (`/workflows/import`) wins over a parameter (`/workflows/:id`).
      const literal = all.filter((c) => !c.route.path.includes(':id'));
      const matches = literal.length ? literal : all;
      if (!matches.length) return fail('NOT_FOUND', `No route ${request.method} ${url.pathname}`);
      const match = matches.find((c) => c.route.method === method);
      if (!match) {
        const allow = allowOf(matches.map((c) => c.route.method));
        return fail('METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${url.pathname}; use ${allow}`, undefined, { allow });
      }
      const { route } = match;
      const hasBody = route.method === 'POST' || route.method === 'PATCH';

      // Every query parameter must be an argument the route reads from the query string; body
      // routes read none (Sofa would otherwise take `?input=…` over the body).
      const known = hasBody ? new Set<string>() : queryParameterNames(options.schema(), route);
      const unknown = [...new Set(url.searchParams.keys())].filter((name) => !known.has(name));
      if (unknown.length) {
        const details = unknown.map((field) => ({ field, message: hasBody ? 'is not read from the query string: send it in the JSON body' : 'is not a parameter of this route' }));
        return fail('BAD_USER_INPUT', `Unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, details);
      }
      const badNumbers = hasBody ? [] : checkQueryNumbers(options.schema(), route, url);
      if (badNumbers.length) return fail('BAD_USER_INPUT', badNumbers.map((d) => `${d.field}: ${d.message}`).join('; '), badNumbers);

      let id: string | undefined;
      try {
        id = match.m!.groups?.id === undefined ? undefined : decodeURIComponent(match.m!.groups.id);
      } catch {
        return fail('BAD_USER_INPUT', 'The id in the path is not valid percent-encoding', [{ field: 'id', message: 'is not valid percent-encoding' }]);
      }

      let body: Record<string, unknown> | undefined;
      if (hasBody) {
        const text = await request.text();
        let parsed: unknown;
        try {
          parsed = text.trim() === '' ? {} : JSON.parse(text);
        } catch {
          // The parser's message quotes the body: not echoed.
          return fail('BAD_REQUEST', 'The request body is not valid JSON', [{ field: 'body', message: 'is not valid JSON' }]);
        }
        // Deeper than any workflow may be (its own limit) plus the argument wrappers: refused
        // here, before anything recurses over it (re-serialising it overflowed the stack).
        const tooDeep = findTooDeep(parsed, MAX_JSON_DEPTH + 3);
        if (tooDeep) {
          return fail('BAD_USER_INPUT', `The request body is nested deeper than ${MAX_JSON_DEPTH} levels`, [
            { field: tooDeep, message: `is nested deeper than ${MAX_JSON_DEPTH} levels` },
          ]);
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          return fail('BAD_USER_INPUT', 'The request body must be a JSON object whose keys are the arguments, e.g. {"input": {…}}', [
            { field: 'body', message: 'must be a JSON object' },
          ]);
        }
        body = parsed as Record<string, unknown>;
      }

      const target = new URL(url);
      const idTo = route.idTo;
      if (id !== undefined && idTo && 'arg' in idTo) target.searchParams.set(idTo.arg, id);
      let ifMatch = false;
      if (id !== undefined && idTo && 'inputKey' in idTo) {
        const input = body!.input ?? {};
        if (typeof input !== 'object' || input === null || Array.isArray(input)) {
          return fail('BAD_USER_INPUT', 'input must be a JSON object', [{ field: 'input', message: 'must be a JSON object' }]);
        }
        const changes: Record<string, unknown> = { ...(input as object), [idTo.inputKey]: id };
        const precondition = request.headers.get('if-match');
        if (route.versioned && precondition !== null && precondition.trim() !== '*') {
          const version = versionOfEtag(precondition);
          if (version === null) return fail('PRECONDITION_FAILED', 'If-Match does not name a version of this workflow: send the ETag of GET /v1/workflows/{id}');
          if (changes.expectedVersion !== undefined && changes.expectedVersion !== version) {
            return fail('BAD_USER_INPUT', 'If-Match and input.expectedVersion name different versions', [{ field: 'input.expectedVersion', message: 'differs from If-Match' }]);
          }
          changes.expectedVersion = version;
          ifMatch = true;
        }
        body!.input = changes;
      }

      // Always a new request (HEAD becomes GET; the body was read above), so that the answer's
      // plugin finds this exchange by it.
      const headers = new api.Headers(request.headers);
      const payload = body === undefined ? undefined : JSON.stringify(body);
      if (payload !== undefined) {
        headers.set('content-type', 'application/json');
        headers.set('content-length', String(Buffer.byteLength(payload)));
      }
      const next = new api.Request(target.href, { method, headers, body: payload, signal: request.signal });
      options.exchanges.set(next, { route, head: request.method === 'HEAD', ifNoneMatch: request.headers.get('if-none-match'), ifMatch });
      setRequest(next);
    },
  };
}
