import type { AppContext } from '../context.js';
import { tenantOf, viewerOf } from '../context.js';
import { ApiKeyRepository, type ApiKeyWithAccess } from '../db/repositories/api-keys.js';
import { assertGrantable, withinGrantScope } from '../auth/grants.js';
import type { Viewer } from '../auth/viewer.js';
import { notFound } from '../errors.js';
import type { IdArgs } from './args.js';

/**
 * Resolvers of the API key fields. A caller manages only the keys it could have created itself
 * (auth/grants.ts): a location-limited caller sees and revokes keys whose effective locations
 * are a subset of its own, never an unrestricted key, and sees only its own locations in their
 * lists.
 */

function shownTo(viewer: Viewer, key: ApiKeyWithAccess): ApiKeyWithAccess {
  if (viewer.allLocations || !key.locationIds) return key;
  const own = new Set(viewer.locationIds);
  return { ...key, locationIds: key.locationIds.filter((id) => own.has(id)) };
}

async function manageableKeys(ctx: AppContext, id?: string): Promise<ApiKeyWithAccess[]> {
  const viewer = viewerOf(ctx);
  const keys = await new ApiKeyRepository(ctx.em, tenantOf(ctx)).listWithAccess(id);
  return keys.filter((k) => withinGrantScope(viewer, { all: k.effectiveAll, locationIds: k.effectiveLocationIds })).map((k) => shownTo(viewer, k));
}

export const apiKeyQueries = {
  apiKeys: (_root: unknown, _args: unknown, ctx: AppContext) => manageableKeys(ctx),
};

export const apiKeyMutations = {
  /** The key acts as the caller, and never sees more than the caller (see assertGrantable). */
  createApiKey: (_root: unknown, { input }: { input: { name: string; locationIds?: readonly string[] | null } }, ctx: AppContext) => {
    const viewer = viewerOf(ctx);
    return new ApiKeyRepository(ctx.em, tenantOf(ctx)).create({
      userId: viewer.userId,
      name: input.name.trim(),
      locationIds: assertGrantable(viewer, { locationIds: input.locationIds?.map(String) }),
    });
  },
  /** NOT_FOUND for a key outside the caller's scope, exactly as for an unknown id. */
  revokeApiKey: async (_root: unknown, args: IdArgs, ctx: AppContext) => {
    const id = String(args.id);
    if ((await manageableKeys(ctx, id)).length === 0) throw notFound('ApiKey', id);
    await new ApiKeyRepository(ctx.em, tenantOf(ctx)).revoke(id);
    // Instances resolve keys from memory: every instance forgets this one now.
    await ctx.deps.sessionEvents.publish({ apiKeyId: id });
    return (await manageableKeys(ctx, id))[0]!;
  },
};
