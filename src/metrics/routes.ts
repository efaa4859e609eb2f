import { REST_BASE, REST_ROUTES } from '../plugins/rest.js';
import { OTHER } from './bounded-label.js';

/** Paths served as they are (no parameter in them), each its own `route` value. */
const FIXED_ROUTES = ['/graphql', '/metrics', '/live', '/ready', '/health', '/health/detailed', `${REST_BASE}/openapi.json`, '/api-docs'];

interface RoutePattern {
  template: string;
  pattern: RegExp;
}

/**
 * The REST route table as `route` label values: `/workflows/:id` becomes `/v1/workflows/{id}`
 * (the spelling of the OpenAPI document). Derived from REST_ROUTES so a new route is labelled
 * the day it is added.
 */
const REST_PATTERNS: RoutePattern[] = [...new Set(REST_ROUTES.map((r) => r.path))].map((path) => ({
  template: `${REST_BASE}${path.replace(/:id\b/, '{id}')}`,
  pattern: new RegExp(`^${REST_BASE}${path.replace(/:id\b/, '[^/]+')}/?$`),
}));

const FIXED = new Set(FIXED_ROUTES);

/** Every value `routeTemplate` can return: the `route` label is bounded by this list. */
export const ROUTE_TEMPLATES: readonly string[] = [...FIXED_ROUTES, '/api-docs/{asset}', ...REST_PATTERNS.map((p) => p.template), OTHER];

/**
 * The bounded `route` label of a request path: a fixed path, a REST template with `{id}`, or
 * `other` (unknown paths, 404s of scanners). Never the raw URL, which carries ids.
 */
export function routeTemplate(pathname: string): string {
  if (FIXED.has(pathname)) return pathname;
  if (pathname.startsWith(`${REST_BASE}/`)) {
    for (const { template, pattern } of REST_PATTERNS) if (pattern.test(pathname)) return template;
    return OTHER;
  }
  if (pathname.startsWith('/api-docs/')) return '/api-docs/{asset}';
  return OTHER;
}
