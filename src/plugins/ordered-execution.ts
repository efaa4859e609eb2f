import { execute, GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type Source } from 'graphql';
import { useGraphQlJit } from '@envelop/graphql-jit';
import type { Plugin } from 'graphql-yoga';

/**
 * Runs queries and mutations compiled by graphql-jit (`@envelop/graphql-jit`) once a document
 * has been executed before, and with graphql-js's `execute` the first time. Subscriptions keep
 * Yoga's default.
 *
 * Why not Yoga's default executor (`@graphql-tools/executor`): it writes an object's fields in
 * the order their resolvers finish, so two identical requests can serialise `totalCount` before
 * or after `edges` (known upstream: hayes/pothos#1511). The spec asks for the order of the
 * selection set, and our REST ETags hash the response bytes, so the same data must always
 * serialise the same way. graphql-js and graphql-jit both keep the selection order.
 *
 * Why graphql-jit: on the uncached list page (20 workflows, about 160 fields) it took a quarter
 * off the server's CPU per request (BENCHMARKS.md, API section). Why only from the second run:
 * compiling a document costs more than executing it once, so a one-off document, or a client
 * sending a new document with every request, does not make the server compile each of them.
 *
 * graphql-jit reports errors with its own GraphQLError look-alike: `locations` but no `nodes`
 * or `source`, and no `extensions` when the error has no original one. Yoga and our error
 * masking rebuild errors from `nodes`/`source`/`positions`, so each is turned back into a
 * graphql-js GraphQLError carrying the same locations.
 */
export function useOrderedExecution(): Plugin[] {
  const executed = new WeakSet<DocumentNode>();
  const seenBefore = (args: ExecutionArgs) => executed.has(args.document) || (executed.add(args.document), false);
  const jit = useGraphQlJit({}, { enableIf: seenBefore, onError: () => undefined }) as Plugin;
  return [
    {
      onExecute(payload) {
        payload.setExecuteFn(execute);
        jit.onExecute!({
          ...payload,
          setExecuteFn: (compiled) =>
            payload.setExecuteFn(((args: ExecutionArgs) => withGraphQLErrors(compiled(args) as ExecutionResult | Promise<ExecutionResult>, args)) as typeof execute),
        });
      },
    },
  ];
}

/**
 * A compiled run's result with graphql-js's errors: a result with no `data` (variables that do
 * not coerce, or a document graphql-jit could not compile) is answered by graphql-js itself, so
 * its message is graphql-js's word for word; field errors become graphql-js errors, listed first
 * as graphql-js lists them.
 */
function withGraphQLErrors(result: ExecutionResult | Promise<ExecutionResult>, args: ExecutionArgs): ExecutionResult | Promise<ExecutionResult> {
  if (isPromise(result)) return result.then((r) => withGraphQLErrors(r, args));
  if (!result.errors?.length) return result;
  if (!('data' in result)) return execute(args);
  const errors = result.errors.map((e) => asGraphQLError(e, args.document.loc?.source));
  return Object.assign({ errors }, result, { errors });
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> => typeof (value as { then?: unknown }).then === 'function';

function asGraphQLError(error: GraphQLError, source: Source | undefined): GraphQLError {
  if (error.constructor === GraphQLError) return error;
  const positions = source && error.locations?.map(({ line, column }) => offsetOf(source.body, line, column));
  return new GraphQLError(error.message, {
    source: positions?.length ? source : undefined,
    positions: positions?.length ? positions : undefined,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/** The character offset of a 1-based line and column in `body` (line breaks as graphql-js counts them). */
function offsetOf(body: string, line: number, column: number): number {
  const lineBreak = /\r\n|[\n\r]/g;
  let offset = 0;
  for (let l = 1; l < line && lineBreak.exec(body); l++) offset = lineBreak.lastIndex;
  return offset + column - 1;
}
