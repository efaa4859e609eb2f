import type { AppContext } from '../context.js';
import type { Tier } from '../db/entities/enums.js';
import { createOrganization, setOrganizationTier } from '../services/organizations.js';

/** Resolvers of platform administration (ADMIN_TOKEN): not tenant-scoped. */

interface CreateOrganizationArgs {
  input: { name: string; tier: Tier; locationName: string; ownerEmail: string; ownerName?: string | null };
}

export const adminMutations = {
  adminCreateOrganization: (_root: unknown, { input }: CreateOrganizationArgs, ctx: AppContext) =>
    createOrganization(ctx.em, {
      name: input.name.trim(),
      tier: input.tier,
      locationName: input.locationName.trim(),
      ownerEmail: input.ownerEmail.trim(),
      ownerName: input.ownerName?.trim(),
    }),
  adminSetOrganizationTier: async (_root: unknown, args: { organizationId: string; tier: Tier }, ctx: AppContext) => {
    const organization = await setOrganizationTier(ctx.em, String(args.organizationId), args.tier);
    // Resolved keys carry the tier (rate limits): read them again on every instance.
    await ctx.deps.sessionEvents.publish({ organizationId: organization.id });
    return organization;
  },
};
