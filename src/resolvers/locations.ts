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
  createLocation: (_root: unknown, { input }: { input: { name: string; timezone?: string | null } }, ctx: AppContext) => {
    assertOrganizationWide(viewerOf(ctx), 'create a location');
    return new LocationRepository(ctx.em, tenantOf(ctx)).create({ name: input.name.trim(), timezone: input.timezone ?? 'UTC' });
  },
};
