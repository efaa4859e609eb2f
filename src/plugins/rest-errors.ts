import { GraphQLError, getNamedType, type GraphQLSchema } from 'graphql';
import { ERROR_STATUS, type ErrorCode, type FieldError } from '../errors.js';
import { pathArgument, type RestRoute } from './rest-route.js';

/** REST error mapping: GraphQL errors (ours and graphql-js's) to `{ error: { code, … } }`. */

const VARIABLE_PREFIX = /^Variable "\$([^"]+)" got invalid value [\s\S]*?(?: at "([^"]+)")?$/;
const VARIABLE_MISSING = /^Variable "\$([^"]+)" of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null)\.?$/;
const FIELD_MISSING = /^Field "([^"]+)" of required type "[^"]+" was not provided\.$/;
const FIELD_UNKNOWN = /^Field "([^"]+)" is not defined by type "[^"]+"\.[\s\S]*$/;

/**
 * The field at fault in one of graphql-js's variable coercion errors, for `details`. Its message
 * is `Variable "$input" got invalid value … at "input.status"; <inner message>`, the inner error
 * being kept as originalError, so the prefix is split off exactly (the value may hold "; ").
 */
function detailsOfCoercion(error: GraphQLError): FieldError[] | undefined {
  const missing = VARIABLE_MISSING.exec(error.message);
  if (missing) return [{ field: missing[1]!, message: 'is required' }];
  const inner = error.originalError?.message;
  if (!inner || !error.message.endsWith(`; ${inner}`)) return undefined;
  const prefix = VARIABLE_PREFIX.exec(error.message.slice(0, -(inner.length + 2)));
  if (!prefix) return undefined;
  const path = prefix[2] ?? prefix[1]!;
  const field = FIELD_MISSING.exec(inner) ?? FIELD_UNKNOWN.exec(inner);
  if (field) return [{ field: `${path}.${field[1]}`, message: FIELD_MISSING.test(inner) ? 'is required' : 'is not a known field' }];
  return [{ field: path, message: inner }];
}

/** The arguments a GET route reads from the query string (all but the one its `{id}` fills). */
export function queryParameterNames(schema: GraphQLSchema, route: RestRoute): Set<string> {
  const [root, name] = route.field.split('.') as [string, string];
  const field = (root === 'Query' ? schema.getQueryType() : schema.getMutationType())?.getFields()[name];
  const fromPath = pathArgument(route);
  return new Set((field?.args ?? []).map((a) => a.name).filter((n) => n !== fromPath));
}

/** Int and Float arguments read from the query string: Sofa's own check names no argument. */
export function checkQueryNumbers(schema: GraphQLSchema, route: RestRoute, url: URL): FieldError[] {
  const [root, name] = route.field.split('.') as [string, string];
  const field = (root === 'Query' ? schema.getQueryType() : schema.getMutationType())?.getFields()[name];
  const errors: FieldError[] = [];
  for (const arg of field?.args ?? []) {
    const values = url.searchParams.getAll(arg.name);
    if (values.length > 1) errors.push({ field: arg.name, message: 'is given more than once' });
    const value = values[0];
    if (value === undefined) continue;
    const type = getNamedType(arg.type).name;
    if (type === 'Int' && !(/^-?\d{1,10}$/.test(value) && Math.abs(Number(value)) <= 2 ** 31 - 1)) {
      errors.push({ field: arg.name, message: `must be an integer, not ${JSON.stringify(value)}` });
    } else if (type === 'Float' && (value.trim() === '' || !Number.isFinite(Number(value)))) {
      errors.push({ field: arg.name, message: `must be a number, not ${JSON.stringify(value)}` });
    }
  }
  return errors;
}

export interface RestError {
  status: number;
  code: ErrorCode;
  message: string;
  details?: FieldError[];
  headers?: Record<string, string>;
}

/** A masked error (see error-masking.ts) as a REST error. */
export function toRestError(error: GraphQLError): RestError {
  if (error instanceof GraphQLError) {
    const ext = error.extensions as { code?: string; details?: FieldError[]; http?: { status?: number; headers?: Record<string, string> } };
    const code = typeof ext.code === 'string' && Object.hasOwn(ERROR_STATUS, ext.code) ? (ext.code as ErrorCode) : ext.http?.status === 400 ? 'BAD_USER_INPUT' : undefined;
    if (code && code !== 'INTERNAL_SERVER_ERROR') {
      const details = ext.details ?? (code === 'BAD_USER_INPUT' ? detailsOfCoercion(error) : undefined);
      return { status: ERROR_STATUS[code], code, message: error.message, details, headers: ext.http?.headers };
    }
  }
  return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
}

