/* eslint-disable @typescript-eslint/no-explicit-any -- `created` reads a JSON answer */
// The shape of one REST route: shared by the plugin, its error mapping and its OpenAPI builder, so none of them imports another for it.

/** Where the REST API lives. */
export const REST_BASE_PATH = '/v1';

/** The OpenAPI tag (section) a route is listed under. */
export type RestTag = 'Workflows' | 'Analyses' | 'Locations' | 'Users' | 'Rules' | 'Account';

/** One REST resource route and the root field it runs. */
export interface RestRoute {
  operationId: string;
  /** `Query.<field>` or `Mutation.<field>`. */
  field: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under /v1, with `:id` for the one path parameter. */
  path: string;
  /** 201: creates (with `Location`); 202: accepted, runs in the background (with `Location` to follow it); 204: answers no body (DELETE). */
  status: 200 | 201 | 202 | 204;
  tag: RestTag;
  /**
   * Where the `:id` path parameter goes when the field has no `id` argument: another top-level
   * argument (`workflowId`), or a key of the `input` argument (`input.id`).
   */
  idTo?: { arg: string } | { inputKey: string };
  /** Answers without an API key (the rules catalog). */
  public?: boolean;
  /** For a 201 or 202: the path under /v1 of what was created, read from the answer (the `Location` header). */
  created?: (body: any) => string;
  /**
   * The answer is a versioned resource (a workflow): its ETag starts with `"v<version>-`, and
   * `If-Match` with such an ETag stands for `expectedVersion`.
   */
  versioned?: boolean;
}

/** The argument the `{id}` path parameter fills (`id` unless `idTo` says otherwise), if any. */
export function pathArgument(route: RestRoute): string | undefined {
  if (!route.path.includes(':id')) return undefined;
  if (route.idTo && 'arg' in route.idTo) return route.idTo.arg;
  return route.idTo ? undefined : 'id';
}
