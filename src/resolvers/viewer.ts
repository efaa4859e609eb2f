import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { LocationRepository } from '../db/repositories/locations.js';
import { TenantScope } from '../db/tenant-scope.js';

/** Resolvers of the caller's own view. */

export const viewerQueries = {
  // The `authenticated` scope has already refused a request without a caller.
  viewer: (_root: unknown, _args: unknown, ctx: AppContext) => ctx.viewer!,
};

export const viewerFields = {
  /** The user's access, narrowed by the key's restriction. */
  locations: (v: Viewer, _args: unknown, ctx: AppContext) => new LocationRepository(ctx.em, TenantScope.forViewer(v)).list(),
};
