import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { ERROR_STATUS, serviceUnavailable, type ErrorCode } from '../errors.js';
import { databaseUnavailableReason, pgCode } from '../db/pg-errors.js';
import { UNSTORABLE_TEXT_CODES } from '../db/storable-text.js';
import { loggableError } from '../log-safe-error.js';
import { errorResponse } from './error-response.js';

export interface ErrorMaskingOptions {
  /** The logger of a request (carries its `reqId`). */
  logOf: (request: Request) => Logger;
  /** Show the cause of an internal error in its message (development only). Default false. */
  showInternalMessages?: boolean;
  /** Remove graphql-js's "Did you mean …?" hints, which reveal the schema. Default false. */
  hideSuggestions?: boolean;
}

/** An error the client did not cause: logged once, with the request id, where the answer leaves. */
interface Unexpected {
  level: 'warn' | 'error';
  cause: unknown;
}

const SUGGESTION = / ?Did you mean [^?]*\?/;
const withoutSuggestion = (text: string) => text.replace(new RegExp(SUGGESTION.source, 'g'), '');

/**
 * The one error policy of both surfaces (DESIGN §5):
 * - our AppErrors and graphql-js's own errors (parse, validation, variable coercion) are shown,
 *   coercion errors as BAD_USER_INPUT, and without "Did you mean" hints in production;
 * - text PostgreSQL cannot store is BAD_USER_INPUT;
 * - a database that is down or frozen is 503 SERVICE_UNAVAILABLE with Retry-After;
 * - anything else is INTERNAL_SERVER_ERROR with no message, stack or SQL.
 *
 * Yoga's `maskError` has no request, so the unexpected errors are remembered by their masked
 * error and logged when the answer leaves: GraphQL results in `onExecutionResult`, REST answers
 * (built by Sofa's error handler) and answers of guarded plugins in `onResponse`.
 */
export function createErrorMasking(options: ErrorMaskingOptions) {
  const unexpected = new WeakMap<object, Unexpected>();
  const pendingByResponse = new WeakMap<Response, Unexpected[]>();

  function shown(error: GraphQLError): GraphQLError {
    // Yoga's request parser adds the JSON parser's message, which quotes the body: dropped. Yoga
    // reads "no originalError" as a spec error that answers 200 to application/json; `spec:
    // false` keeps the 400 it answered before. Changed in place: Yoga keeps this very object.
    if (error.extensions.code === 'BAD_REQUEST' && error.extensions.originalError) {
      const extensions = error.extensions as Record<string, any>;
      delete extensions.originalError;
      extensions.http = { ...extensions.http, spec: false };
    }
    let out = error;
    // Variable coercion (an unknown enum value, a string for an Int…) is bad input.
    if (!error.extensions.code && !error.path) {
      out = new GraphQLError(error.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        originalError: error.originalError,
        extensions: { ...error.extensions, code: 'BAD_USER_INPUT', http: { status: 400 } },
      });
    }
    if (!options.hideSuggestions || !SUGGESTION.test(`${out.message} ${out.originalError?.message ?? ''}`)) return out;
    // The inner error is rewritten too: the REST mapping reads the field at fault from it.
    const inner = out.originalError ? new GraphQLError(withoutSuggestion(out.originalError.message)) : undefined;
    return new GraphQLError(withoutSuggestion(out.message), {
      nodes: out.nodes,
      source: out.source,
      positions: out.positions,
      path: out.path,
      originalError: inner,
      extensions: out.extensions,
    });
  }

  function maskError(error: unknown): GraphQLError {
    if (error instanceof GraphQLError && unexpected.has(error)) return error;
    if (error instanceof GraphQLError) {
      const original = error.originalError;
      // Our AppErrors and graphql-js's own errors are written to be shown; the located wrapper
      // keeps their extensions and adds the path.
      if (!original || original instanceof GraphQLError) return shown(error);
    }
    const cause = error instanceof GraphQLError ? error.originalError : error;
    // Text PostgreSQL cannot store that got past the edge checks is still the client's input.
    if (UNSTORABLE_TEXT_CODES.has(pgCode(cause) ?? '')) {
      return new GraphQLError('A text value contains a character that cannot be stored (NUL or an unpaired surrogate)', {
        nodes: error instanceof GraphQLError ? error.nodes : undefined,
        extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
      });
    }
    const unavailable = databaseUnavailableReason(cause);
    if (unavailable) {
      const masked = serviceUnavailable();
      unexpected.set(masked, { level: 'warn', cause: { reason: unavailable } });
      return masked;
    }
    const message = options.showInternalMessages ? `Internal server error: ${(cause as Error)?.message}` : 'Internal server error';
    const masked = new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 500 } } });
    unexpected.set(masked, { level: 'error', cause });
    return masked;
  }

  /** Takes (once) what of `errors` is unexpected, for logging. */
  function take(errors: readonly unknown[]): Unexpected[] {
    const found: Unexpected[] = [];
    for (const error of errors) {
      const entry = error && typeof error === 'object' ? unexpected.get(error) : undefined;
      if (entry) {
        found.push(entry);
        unexpected.delete(error as object);
      }
    }
    return found;
  }

  const write = (log: Logger, entries: readonly Unexpected[]) => {
    for (const { level, cause } of entries) {
      if (level === 'warn') log.warn({ err: cause }, 'database unavailable');
      else log.error({ err: loggableError(cause) }, 'unexpected error');
    }
  };

  /** Logs the unexpected errors of an answer built outside GraphQL execution, when it leaves. */
  function attach(response: Response, errors: readonly unknown[]): Response {
    const found = take(errors);
    if (found.length) pendingByResponse.set(response, [...(pendingByResponse.get(response) ?? []), ...found]);
    return response;
  }

  const plugin: Plugin = {
    onExecutionResult({ result, request, setResult }) {
      const results = Array.isArray(result) ? result : [result];
      for (const one of results) {
        const errors = (one as { errors?: readonly unknown[] } | undefined)?.errors;
        if (errors?.length) write(options.logOf(request), take(errors));
      }
      // Validation errors reach the result without passing through maskError.
      if (options.hideSuggestions && result && !Array.isArray(result)) {
        const errors = (result as { errors?: readonly GraphQLError[] } | undefined)?.errors;
        if (errors?.some((e) => SUGGESTION.test(e.message))) {
          setResult({ ...(result as object), errors: errors.map((e) => (e instanceof GraphQLError ? shown(e) : e)) } as NonNullable<typeof result>);
        }
      }
    },
    onResponse({ request, response }) {
      const found = pendingByResponse.get(response);
      if (found) write(options.logOf(request), found);
    },
  };

  /**
   * Our plugins' request hooks, guarded: a hook that throws answers a masked error in the shape
   * of the surface (never a stack) and the cause is logged with the request id.
   */
  function guard(plugins: Plugin[]): Plugin[] {
    return plugins.map((p) => {
      const onRequest = p.onRequest;
      if (!onRequest) return p;
      return {
        ...p,
        // Synchronous for a hook that answers synchronously (most do, on most requests): an async
        // wrapper made every request await each guarded hook in turn.
        onRequest(payload) {
          try {
            const result = onRequest(payload);
            return isPromiseLike(result) ? Promise.resolve(result).catch((error: unknown) => answerFailure(payload, error)) : result;
          } catch (error) {
            answerFailure(payload, error);
          }
        },
      } satisfies Plugin;
    });
  }

  function answerFailure(payload: Parameters<NonNullable<Plugin['onRequest']>>[0], error: unknown): void {
    const masked = maskError(error);
    const code = (masked.extensions.code as ErrorCode | undefined) ?? 'INTERNAL_SERVER_ERROR';
    const headers = (masked.extensions.http as { headers?: Record<string, string> } | undefined)?.headers;
    payload.endResponse(
      attach(errorResponse(payload.fetchAPI, payload.url.pathname, Object.hasOwn(ERROR_STATUS, code) ? code : 'INTERNAL_SERVER_ERROR', masked.message, { headers }), [masked]),
    );
  }

  return { maskError, attach, plugin, guard };
}

export type ErrorMasking = ReturnType<typeof createErrorMasking>;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function';
}
