import { GraphQLError } from 'graphql';

/**
 * The one set of error codes of DESIGN §5 and their HTTP statuses. Resolvers and services throw
 * `AppError`s; everything else is masked by Yoga as INTERNAL_SERVER_ERROR (no stack, no SQL).
 */
export const ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  /** The request itself is unreadable: malformed JSON, a mutation sent with GET (GraphQL over HTTP). */
  BAD_REQUEST: 400,
  /** REST: the path exists but not with this method; the answer carries `Allow`. */
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  /** REST: `If-Match` names a version that is no longer the stored one. */
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A field at fault and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

export interface AppErrorOptions {
  details?: FieldError[];
  headers?: Record<string, string>;
  extra?: Record<string, unknown>;
}

/**
 * An expected error: its message is safe to show to the client. It is a GraphQLError so Yoga's
 * masking lets it through, and it carries `extensions.http.status` so Yoga (GraphQL over HTTP)
 * and Sofa (REST) answer with the right status.
 */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  readonly details?: FieldError[];

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, {
      extensions: {
        code,
        ...(options.details ? { details: options.details } : {}),
        ...options.extra,
        http: { status: ERROR_STATUS[code], ...(options.headers ? { headers: options.headers } : {}) },
      },
    });
    this.code = code;
    this.details = options.details;
  }
}

export const unauthenticated = (message = 'A valid API key is required: send "Authorization: Bearer <key>"') =>
  new AppError('UNAUTHENTICATED', message, { headers: { 'WWW-Authenticate': 'Bearer' } });

export const forbidden = (message = 'Your role does not allow this operation') => new AppError('FORBIDDEN', message);

export const notFound = (type: string, id?: string) =>
  new AppError('NOT_FOUND', id ? `${type} ${JSON.stringify(id)} was not found` : `${type} was not found`);

export const badInput = (details: FieldError[], message?: string) =>
  new AppError('BAD_USER_INPUT', message ?? details.map((d) => `${d.field}: ${d.message}`).join('; '), { details });

export const conflict = (message: string, extra?: Record<string, unknown>) => new AppError('CONFLICT', message, { extra });

/** Seconds a client should wait before retrying when a dependency is down. */
export const RETRY_AFTER_SECONDS = 5;

export const serviceUnavailable = (message = 'The database is unavailable; retry shortly') =>
  new AppError('SERVICE_UNAVAILABLE', message, { headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } });
