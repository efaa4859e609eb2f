import type { AppContext } from '../context.js';
import { tenantOf } from '../context.js';
import { LocationRepository } from '../db/repositories/locations.js';
import { locationHealth } from '../services/location-health.js';

/** Resolver of the location health report: NOT_FOUND first when the location is not visible. */

export const locationHealthQueries = {
  locationHealth: async (_root: unknown, args: { locationId: string; days?: number | null }, ctx: AppContext) => {
    const scope = tenantOf(ctx);
    const location = await new LocationRepository(ctx.em, scope).get(String(args.locationId));
    return locationHealth(ctx.em, scope, location, args.days ?? 30);
  },
};
