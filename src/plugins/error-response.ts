import { ERROR_STATUS, type ErrorCode, type FieldError } from '../errors.js';

/**
 * An error answered before GraphQL runs (body too large, rate limited…), in the shape of the
 * surface that was called: REST (`/v1/…`) gets `{ error: { code, message, details } }`, GraphQL
 * gets `{ errors: [{ message, extensions: { code, …extensions } }] }`.
 */
export function errorResponse(
  fetchAPI: { Response: typeof Response },
  pathname: string,
  code: ErrorCode,
  message: string,
  options: { details?: FieldError[]; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
): Response {
  const body = pathname.startsWith('/v1')
    ? { error: { code, message, ...(options.details ? { details: options.details } : {}) } }
    : { errors: [{ message, extensions: { code, ...options.extensions, ...(options.details ? { details: options.details } : {}) } }] };
  return new fetchAPI.Response(JSON.stringify(body), {
    status: ERROR_STATUS[code],
    headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
  });
}
