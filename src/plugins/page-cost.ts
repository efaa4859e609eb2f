import { GraphQLError, getNamedType, isObjectType, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { pathOf } from './request-path.js';

/** Page size of a list field whose `first` is omitted and has no schema default (pageSize()). */
const DEFAULT_PAGE = 20;

/**
 * How many objects a query can return at most: every field that takes `first` multiplies what
 * it contains by its page size (its value, else the argument's default, else 20), so
 * `workflows(first: 100) { … analyses(first: 100) }` counts 100 + 100 × 100 nodes — the way the
 * large public GraphQL APIs (GitHub, Shopify) count. GraphQL Armor's cost limit adds a fixed cost
 * per field and cannot read arguments, hence this small rule beside it.
 */
export function queryNodes(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return 0;
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;

  const count = (selectionSet: SelectionSetNode, type: GraphQLObjectType, multiplier: number, seen: ReadonlySet<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) total += count(fragment.selectionSet, type, multiplier, new Set([...seen, fragment.name.value]));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet, type, multiplier, seen);
      } else if (selection.selectionSet) {
        const field = type.getFields()[selection.name.value];
        const fieldType = field ? getNamedType(field.type) : undefined;
        if (!field || !isObjectType(fieldType)) continue;
        let size = multiplier;
        const firstArg = field.args.find((a) => a.name === 'first');
        if (firstArg) {
          const node = selection.arguments?.find((a) => a.name.value === 'first')?.value;
          const given = node?.kind === Kind.INT ? Number(node.value) : node?.kind === Kind.VARIABLE ? variables[node.name.value] : undefined;
          const first = typeof given === 'number' ? given : typeof firstArg.defaultValue === 'number' ? firstArg.defaultValue : DEFAULT_PAGE;
          size = multiplier * Math.max(first, 0);
        }
        total += size + count(selection.selectionSet, fieldType, size, seen);
      }
    }
    return total;
  };
  return count(operation.selectionSet, root, 1, new Set());
}

/**
 * Refuses, before it runs, a GraphQL query that could return more than `maxNodes` objects
 * (400 BAD_USER_INPUT naming the limit). REST routes have fixed shapes bounded by `first` ≤ 100
 * and the findings cap, and are not counted.
 */
export function usePageCostLimit(maxNodes: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (request && pathOf(request).startsWith('/v1/')) return;
      const nodes = queryNodes(args.schema, args.document, (args.variableValues ?? {}) as Record<string, unknown>, args.operationName);
      if (nodes > maxNodes) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `The query could return up to ${nodes} objects; the limit is ${maxNodes}. Page sizes multiply through nested lists (first × first): ask for smaller pages.`,
              { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 }, maxNodes, nodes } },
            ),
          ],
        });
      }
    },
  };
}
