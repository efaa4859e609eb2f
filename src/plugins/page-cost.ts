import { GraphQLError, getNamedType, isObjectType, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { pathOf } from './request-path.js';

/** Page size of a list field whose `first` is omitted and has no schema default (pageSize()). */
const DEFAULT_PAGE = 20;

/**
 * One object-typed field of a document: its page size (a number written in the document, a
 * variable with the size to use when the variable is not a number, or none for a field without
 * `first`) and the object fields under it.
 */
interface CostTerm {
  first: number | { variable: string; otherwise: number } | null;
  children: CostTerm[];
}

/** Cost terms per document and operation: a document is walked once, not on every request. */
const plans = new WeakMap<DocumentNode, { schema: GraphQLSchema; byOperation: Map<string, CostTerm[]> }>();

/**
 * How many objects a query can return at most: every field that takes `first` multiplies what
 * it contains by its page size (its value, else the argument's default, else 20), so
 * `workflows(first: 100) { … analyses(first: 100) }` counts 100 + 100 × 100 nodes — the way the
 * large public GraphQL APIs (GitHub, Shopify) count. GraphQL Armor's cost limit adds a fixed cost
 * per field and cannot read arguments, hence this small rule beside it.
 */
export function queryNodes(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string | null): number {
  let plan = plans.get(document);
  if (!plan || plan.schema !== schema) plans.set(document, (plan = { schema, byOperation: new Map() }));
  let terms = plan.byOperation.get(operationName ?? '');
  if (!terms) plan.byOperation.set(operationName ?? '', (terms = costTerms(schema, document, operationName)));
  return nodesOf(terms, variables, 1);
}

function nodesOf(terms: readonly CostTerm[], variables: Record<string, unknown>, multiplier: number): number {
  let total = 0;
  for (const term of terms) {
    let size = multiplier;
    if (term.first !== null) {
      const given = typeof term.first === 'number' ? term.first : variables[term.first.variable];
      size = multiplier * Math.max(typeof given === 'number' ? given : typeof term.first === 'number' ? term.first : term.first.otherwise, 0);
    }
    total += size + nodesOf(term.children, variables, size);
  }
  return total;
}

function costTerms(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): CostTerm[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return [];

  const terms = (selectionSet: SelectionSetNode, type: GraphQLObjectType, seen: ReadonlySet<string>): CostTerm[] => {
    const out: CostTerm[] = [];
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) out.push(...terms(fragment.selectionSet, type, new Set([...seen, fragment.name.value])));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        out.push(...terms(selection.selectionSet, type, seen));
      } else if (selection.selectionSet) {
        const field = type.getFields()[selection.name.value];
        const fieldType = field ? getNamedType(field.type) : undefined;
        if (!field || !isObjectType(fieldType)) continue;
        let first: CostTerm['first'] = null;
        const firstArg = field.args.find((a) => a.name === 'first');
        if (firstArg) {
          const otherwise = typeof firstArg.defaultValue === 'number' ? firstArg.defaultValue : DEFAULT_PAGE;
          const node = selection.arguments?.find((a) => a.name.value === 'first')?.value;
          first = node?.kind === Kind.INT ? Number(node.value) : node?.kind === Kind.VARIABLE ? { variable: node.name.value, otherwise } : otherwise;
        }
        out.push({ first, children: terms(selection.selectionSet, fieldType, seen) });
      }
    }
    return out;
  };
  return terms(operation.selectionSet, root, new Set());
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
