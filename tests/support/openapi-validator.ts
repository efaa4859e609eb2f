import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { getSchema } from '../../src/schema/index.js';
import { restOpenApiDocument } from '../../src/plugins/rest.js';

/**
 * Checks REST answers against the OpenAPI document: the status must be documented for the
 * operation, the body must match its schema (JSON Schema 2020-12 with formats), a documented
 * header must be present, and 204/304/HEAD answers carry no body. Used by the test helper's
 * `rest()`, so every REST call of every test is checked.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is free-form JSON */
const document: any = restOpenApiDocument(getSchema());
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema({ ...document, $id: 'openapi' });

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const routes = Object.entries(document.paths as Record<string, Record<string, any>>).map(([template, operations]) => ({
  template,
  pattern: new RegExp(`^/v1${template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
  operations,
}));

function resolve(node: any): any {
  if (!node?.$ref) return node;
  const path = (node.$ref as string).replace(/^#\//, '').split('/');
  return resolve(path.reduce((n: any, key) => n?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document));
}

function check(schemaPointer: string, body: unknown, label: string): void {
  const validate = ajv.getSchema(`openapi#${schemaPointer}`);
  if (!validate) throw new Error(`${label}: no schema at ${schemaPointer}`);
  if (!validate(body)) throw new Error(`${label}: the body does not match the documented schema: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}\n${JSON.stringify(body).slice(0, 500)}`);
}

/** Throws with the reason when an answer contradicts the document; REST paths only. */
export function assertDocumented(method: string, url: string, status: number, headers: Headers, body: unknown): void {
  const { pathname } = new URL(url, 'http://test');
  if (!pathname.startsWith('/v1/') || pathname === '/v1/openapi.json') return;
  const label = `${method} ${pathname} → ${status}`;
  // A literal path (`/analyses/batch`) wins over a parameter (`/analyses/{id}`), as in the gate.
  const matching = routes.filter((r) => r.pattern.test(pathname));
  const route = matching.find((r) => !r.template.includes('{')) ?? matching[0];
  const operationMethod = method === 'HEAD' ? 'get' : method.toLowerCase();
  const operation = route?.operations[operationMethod];
  if (!operation) {
    // No operation: an unknown path (404) or a method the path lacks (405 with Allow).
    if (status !== 404 && status !== 405) throw new Error(`${label}: no documented operation, yet not 404/405`);
    if (status === 405 && !headers.get('allow')) throw new Error(`${label}: 405 without Allow`);
    if (method !== 'HEAD') check('/components/schemas/Error', body, label);
    return;
  }
  const response = operation.responses[String(status)];
  if (!response) throw new Error(`${label}: status ${status} is not documented for ${operationMethod.toUpperCase()} ${route!.template}`);
  const resolved = resolve(response);
  for (const name of Object.keys(resolved.headers ?? {})) {
    if (!headers.get(name)) throw new Error(`${label}: documented header ${name} is missing`);
  }
  const content = resolved.content?.['application/json'];
  if (!content || method === 'HEAD') {
    if (body !== '' && body !== undefined) throw new Error(`${label}: a body where none is documented: ${String(JSON.stringify(body)).slice(0, 200)}`);
    return;
  }
  const pointer = response.$ref
    ? `/components/responses/${escape(response.$ref.split('/').pop())}/content/application~1json/schema`
    : `/paths/${escape(route!.template)}/${operationMethod}/responses/${status}/content/application~1json/schema`;
  check(pointer, body, label);
}
