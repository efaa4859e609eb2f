import type { AppContext } from '../context.js';
import { tenantOf, viewerOf } from '../context.js';
import { assertOrganizationWide } from '../auth/grants.js';
import { LocationRepository } from '../db/repositories/locations.js';
import type { IdArgs } from './args.js';

/** Resolvers of the location fields: arguments in, one repository call, result out. */

export const locationQueries = {
  locations: (_root: unknown, _args: unknown, ctx: AppContext) => new LocationRepository(ctx.em, tenantOf(ctx)).list(),
  location: (_root: unknown, args: IdArgs, ctx: AppContext) => new LocationRepository(ctx.em, tenantOf(ctx)).get(String(args.id)),
};

export const locationMutations = {
  createLocation: async (_root: unknown, { input }: { input: { name: string; timezone?: string | null } }, ctx: AppContext) => {
    const viewer = viewerOf(ctx);
    assertOrganizationWide(viewer, 'create a location');
    const location = await new LocationRepository(ctx.em, tenantOf(ctx)).create({ name: input.name.trim(), timezone: input.timezone ?? 'UTC' });
    // Location lists are cached per organization; keys that see every location see this one too.
    await ctx.deps.cache?.invalidateOrganization(viewer.organizationId);
    await ctx.deps.sessionEvents.publish({ organizationId: viewer.organizationId });
    return location;
  },
};
