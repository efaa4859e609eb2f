import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import RelayPlugin from '@pothos/plugin-relay';
import ZodPlugin from '@pothos/plugin-zod';
import DirectivesPlugin from '@pothos/plugin-directives';
import type { ZodError } from 'zod';
import type { AppContext } from '../context.js';
import { roleAtLeast } from '../db/entities/enums.js';
import { badInput, forbidden, unauthenticated } from '../errors.js';

/** Turns a zod failure on arguments into BAD_USER_INPUT with one entry per field at fault. */
function zodToBadInput(error: ZodError) {
  return badInput(
    error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(arguments)',
      message: issue.message,
    })),
  );
}

export const builder = new SchemaBuilder<{
  Context: AppContext;
  AuthScopes: {
    /** Any valid API key. */
    authenticated: boolean;
    /** MEMBER or above: creates, edits and analyses. */
    member: boolean;
    /** ADMIN or above: manages API keys and locations. */
    admin: boolean;
    /** OWNER: manages the subscription. */
    owner: boolean;
    /** The platform ADMIN_TOKEN: cross-organization administration. */
    platformAdmin: boolean;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
  /** Implemented by a schema transformer per app (src/limits/analysis-quota.ts). */
  Directives: {
    rateLimit: { locations: 'FIELD_DEFINITION'; args: { limit: number; duration: number } };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  /** Every connection can count its items; the count runs only when `totalCount` is selected. */
  Connection: { totalCount: () => Promise<number> };
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, RelayPlugin, ZodPlugin, DirectivesPlugin],
  scopeAuth: {
    authScopes: (ctx) => {
      const role = ctx.viewer?.role;
      return {
        authenticated: !!ctx.viewer,
        member: !!role && roleAtLeast(role, 'MEMBER'),
        admin: !!role && roleAtLeast(role, 'ADMIN'),
        owner: role === 'OWNER',
        platformAdmin: ctx.platformAdmin,
      };
    },
    // No caller at all is 401; a caller whose role is too low is 403.
    unauthorizedError: (_parent, ctx) => (ctx.viewer || ctx.platformAdmin ? forbidden() : unauthenticated()),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'Opaque cursor of this item: pass it as `after` to get the items that follow.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the list.' },
    pageInfoTypeOptions: { description: 'Pagination state of a connection (forward pagination with `first` / `after`).' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'True when this page was requested with `after`.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page; null when the page is empty.' },
    endCursorFieldOptions: { description: 'Cursor of the last item: pass it as `after` for the next page; null when the page is empty.' },
    defaultConnectionTypeOptions: { description: 'A page of a list (Relay connection).' },
    defaultEdgeTypeOptions: { description: 'One item of a page with its cursor.' },
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  zod: {
    validationError: (error) => zodToBadInput(error),
  },
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list holds with these filters (every page, not only this one).',
    resolve: (connection) => connection.totalCount(),
  }),
);

builder.queryType({ description: 'Read the health of your workflows.' });
builder.mutationType({ description: 'Create, change and analyse workflows; manage locations and API keys.' });
