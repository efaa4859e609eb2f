import type { Page } from '../db/repositories/workflows.js';

/** A repository page as a Relay connection (forward pagination: `first` / `after`). */
export function toConnection<T>(page: Page<T>, after?: string | null) {
  return {
    edges: page.items.map((node, i) => ({ node, cursor: page.cursors[i]! })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: !!after,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.cursors[page.cursors.length - 1] ?? null,
    },
  };
}
