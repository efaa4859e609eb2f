import type { Page } from '../db/repositories/workflows.js';

/**
 * A repository page as a Relay connection (forward pagination: `first` / `after`). `count` is
 * called only when a client selects `totalCount`, so a page costs no count query otherwise.
 */
export function toConnection<T>(page: Page<T>, after: string | null | undefined, count: () => Promise<number>) {
  let total: Promise<number> | undefined;
  return {
    totalCount: () => (total ??= count()),
    edges: page.items.map((node, i) => ({ node, cursor: page.cursors[i]! })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: !!after,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.cursors[page.cursors.length - 1] ?? null,
    },
  };
}
