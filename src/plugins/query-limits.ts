import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';
import { useDocumentNestingLimit } from './document-nesting.js';
import { usePageCostLimit } from './page-cost.js';

export interface QueryLimitOptions {
  /** Deepest selection nesting accepted. Default 12 (the deepest legitimate query is ~8). */
  maxDepth?: number;
  /** Most aliases in one document. Default 15. */
  maxAliases?: number;
  /** Most tokens in one document. Default 2000. */
  maxTokens?: number;
  /** Most directives in one document. Default 20. */
  maxDirectives?: number;
  /** Largest estimated cost. Default 5000. */
  maxCost?: number;
  /** Most objects a query may return, page sizes multiplied through nested lists. Default 5000. */
  maxNodes?: number;
  /** Deepest bracket nesting of the document text, checked before parsing. Default 128. */
  maxNesting?: number;
  /** Hide "Did you mean …?" suggestions (they reveal the schema). Default: true in production. */
  blockFieldSuggestions?: boolean;
}

/**
 * Refuses abusive documents before they execute (DESIGN §12): depth, aliases, tokens, directives
 * and cost, with GraphQL Armor. Refusals are validation errors (HTTP 400) whose messages name
 * the limit, not the schema.
 */
export function useQueryLimits(options: QueryLimitOptions = {}): Plugin[] {
  const armor = new EnvelopArmor({
    maxDepth: { n: options.maxDepth ?? 12, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: options.maxAliases ?? 15, allowList: [] },
    maxTokens: { n: options.maxTokens ?? 2000 },
    maxDirectives: { n: options.maxDirectives ?? 20 },
    costLimit: { maxCost: options.maxCost ?? 5000, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: options.blockFieldSuggestions ?? false },
  });
  return [useDocumentNestingLimit(options.maxNesting ?? 128), ...(armor.protect().plugins as Plugin[]), usePageCostLimit(options.maxNodes ?? 5000)];
}
