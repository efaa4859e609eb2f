import { execute } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Runs queries and mutations with graphql-js's `execute` instead of Yoga's default executor.
 *
 * Why: the default (`@graphql-tools/executor`) writes an object's fields in the order their
 * resolvers finish, so two identical requests can serialise `totalCount` before or after
 * `edges` (known upstream: hayes/pothos#1511). The spec asks for the order of the selection
 * set, and our REST ETags hash the response bytes, so the same data must always serialise the
 * same way. graphql-js keeps the selection order. We use no @defer/@stream, which is what the
 * default executor adds. Subscriptions keep Yoga's default.
 */
export function useOrderedExecution(): Plugin {
  return {
    onExecute({ setExecuteFn }) {
      setExecuteFn(execute);
    },
  };
}
