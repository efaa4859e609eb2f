import type { AppContext } from '../context.js';
import { tenantOf } from '../context.js';
import { LocationRepository } from '../db/repositories/locations.js';
import type { IdArgs } from './args.js';

/** Resolvers of the location fields: arguments in, one repository call, result out. */

export const locationQueries = {
  locations: (_root: unknown, _args: unknown, ctx: AppContext) => new LocationRepository(ctx.em, tenantOf(ctx)).list(),
  location: (_root: unknown, args: IdArgs, ctx: AppContext) => new LocationRepository(ctx.em, tenantOf(ctx)).get(String(args.id)),
};

export const locationMutations = {
  createLocation: (_root: unknown, { input }: { input: { name: string; timezone?: string | null } }, ctx: AppContext) =>
    new LocationRepository(ctx.em, tenantOf(ctx)).create({ name: input.name.trim(), timezone: input.timezone ?? 'UTC' }),
};
