import type { AppContext } from '../context.js';
import { readerOf, tenantOf } from '../context.js';
import { locationHealth } from '../services/location-health.js';

/** Resolver of the location health report: NOT_FOUND when the location is not visible. */

export const locationHealthQueries = {
  locationHealth: async (_root: unknown, args: { locationId: string; days?: number | null }, ctx: AppContext) => {
    return locationHealth(readerOf(ctx), tenantOf(ctx), String(args.locationId), args.days ?? 30);
  },
};
