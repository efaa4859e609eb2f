import { visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { AppError, unauthenticated } from '../errors.js';
import type { RequestContext } from '../context.js';

export type IntrospectionPolicy = 'public' | 'authenticated' | 'off';

/** Yoga hands the same parsed document to every request with the same query text: visit it once. */
const seen = new WeakMap<DocumentNode, boolean>();

function introspects(document: DocumentNode): boolean {
  let found = seen.get(document);
  if (found === undefined) seen.set(document, (found = visits(document)));
  return found;
}

function visits(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
}

/**
 * Who may read the schema through `__schema` / `__type` (`__typename` is always allowed):
 * everyone, callers with a valid key (the production default), or nobody. Checked before the
 * operation runs, with the caller the context resolved.
 */
export function useIntrospectionPolicy(policy: IntrospectionPolicy): Plugin {
  if (policy === 'public') return {};
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (!introspects(args.document)) return;
      const ctx = args.contextValue as Partial<RequestContext>;
      if (policy === 'authenticated' && (ctx.viewer || ctx.platformAdmin)) return;
      const error = policy === 'off' ? new AppError('FORBIDDEN', 'Introspection is disabled on this server') : unauthenticated('Introspection requires an API key');
      setResultAndStopExecution({ errors: [error] });
    },
  };
}
