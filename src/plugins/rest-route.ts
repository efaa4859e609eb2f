// The shape of one REST route: shared by the plugin, its error mapping and its OpenAPI builder, so none of them imports another for it.

/** The OpenAPI tag (section) a route is listed under. */
export type RestTag = 'Workflows' | 'Analyses' | 'Locations' | 'Rules' | 'Account';

/** One REST resource route and the root field it runs. */
export interface RestRoute {
  operationId: string;
  /** `Query.<field>` or `Mutation.<field>`. */
  field: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under /v1, with `:id` for the one path parameter. */
  path: string;
  status: 200 | 201;
  tag: RestTag;
  /**
   * Where the `:id` path parameter goes when the field has no `id` argument: another top-level
   * argument (`workflowId`), or a key of the `input` argument (`input.id`).
   */
  idTo?: { arg: string } | { inputKey: string };
  /** Answers without an API key (the rules catalog). */
  public?: boolean;
}
