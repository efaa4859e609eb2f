import type { AppContext } from '../context.js';
import { tenantOf, viewerOf } from '../context.js';
import { ApiKeyRepository } from '../db/repositories/api-keys.js';
import type { IdArgs } from './args.js';

/** Resolvers of the API key fields: arguments in, one repository call, result out. */

export const apiKeyQueries = {
  apiKeys: (_root: unknown, _args: unknown, ctx: AppContext) => new ApiKeyRepository(ctx.em, tenantOf(ctx)).list(),
};

export const apiKeyMutations = {
  /** The key acts as the caller. */
  createApiKey: (_root: unknown, { input }: { input: { name: string; locationIds?: readonly string[] | null } }, ctx: AppContext) =>
    new ApiKeyRepository(ctx.em, tenantOf(ctx)).create({
      userId: viewerOf(ctx).userId,
      name: input.name.trim(),
      locationIds: input.locationIds?.map(String) ?? null,
    }),
  revokeApiKey: (_root: unknown, args: IdArgs, ctx: AppContext) => new ApiKeyRepository(ctx.em, tenantOf(ctx)).revoke(String(args.id)),
};
