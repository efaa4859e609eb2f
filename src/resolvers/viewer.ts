import type { AppContext } from '../context.js';
import type { Viewer } from '../auth/viewer.js';
import { LocationRepository } from '../db/repositories/locations.js';
import { TenantScope } from '../db/tenant-scope.js';
import type { Usage } from '../limits/refusal.js';

/** Resolvers of the caller's own view. */

export const viewerQueries = {
  // The `authenticated` scope has already refused a request without a caller.
  viewer: (_root: unknown, _args: unknown, ctx: AppContext) => ctx.viewer!,
};

export const viewerFields = {
  /** The user's access, narrowed by the key's restriction. */
  locations: (v: Viewer, _args: unknown, ctx: AppContext) => new LocationRepository(ctx.em, TenantScope.forViewer(v)).list(),
  /** What the rate limiter saw for this request (this request counted), else a fresh read. */
  usage: async (v: Viewer, _args: unknown, ctx: AppContext): Promise<Usage> => {
    const { limits } = ctx.deps;
    const seen = limits.usageOf(ctx);
    return {
      tier: v.tier,
      requests: seen?.requests ?? (await limits.readRequests(v)),
      analyses: seen?.analyses ?? (await limits.readAnalyses(v)),
    };
  },
};
