import type { AppContext } from '../context.js';
import { tenantOf, viewerOf } from '../context.js';
import { UserRepository, type UserWithAccess } from '../db/repositories/users.js';
import { assertGrantable, withinGrantScope } from '../auth/grants.js';
import { roleAtLeast, type Role } from '../db/entities/enums.js';
import type { Viewer } from '../auth/viewer.js';
import { forbidden, notFound } from '../errors.js';
import type { IdArgs } from './args.js';

/**
 * Resolvers of user management. The grant rule of API keys (auth/grants.ts) holds for users too:
 * a caller creates users, and gives roles, only up to its own role and locations; it sees and
 * manages only the users it could have created — a location-limited caller never sees a user
 * with more locations than its own (NOT_FOUND, as for an unknown id) — and never one above its
 * own role (FORBIDDEN: an ADMIN cannot demote or remove an OWNER). A caller does not change or
 * remove itself, so an organization always keeps the OWNER that manages it.
 */

const visibleTo = (viewer: Viewer, user: UserWithAccess) => withinGrantScope(viewer, { all: user.allLocations, locationIds: user.locationIds });

async function visibleUsers(ctx: AppContext, id?: string): Promise<UserWithAccess[]> {
  const viewer = viewerOf(ctx);
  const users = await new UserRepository(ctx.em, tenantOf(ctx)).listWithAccess(id);
  return users.filter((u) => visibleTo(viewer, u));
}

async function visibleUser(ctx: AppContext, id: string): Promise<UserWithAccess> {
  const [user] = await visibleUsers(ctx, id);
  if (!user) throw notFound('User', id);
  return user;
}

/** The target of a change: visible, not the caller, and not above the caller's role. */
async function manageableUser(ctx: AppContext, id: string, action: string): Promise<UserWithAccess> {
  const viewer = viewerOf(ctx);
  const user = await visibleUser(ctx, id);
  if (user.id === viewer.userId) throw forbidden(`You cannot ${action} yourself; ask another ${viewer.role === 'OWNER' ? 'OWNER' : 'ADMIN or the OWNER'}`);
  if (!roleAtLeast(viewer.role, user.role)) throw forbidden(`You cannot ${action} a user whose role (${user.role}) is above your own (${viewer.role})`);
  return user;
}

interface CreateUserArgs {
  input: { email: string; name?: string | null; role: Role; locationIds?: readonly string[] | null };
}

export const userQueries = {
  users: (_root: unknown, _args: unknown, ctx: AppContext) => visibleUsers(ctx),
  user: (_root: unknown, args: IdArgs, ctx: AppContext) => visibleUser(ctx, String(args.id)),
};

export const userMutations = {
  createUser: (_root: unknown, { input }: CreateUserArgs, ctx: AppContext) => {
    const locationIds = assertGrantable(viewerOf(ctx), { role: input.role, locationIds: input.locationIds?.map(String) });
    return new UserRepository(ctx.em, tenantOf(ctx)).create({ email: input.email.trim(), name: input.name?.trim() ?? '', role: input.role, locationIds });
  },
  updateUserRole: async (_root: unknown, args: { id: string; role: Role }, ctx: AppContext) => {
    const user = await manageableUser(ctx, String(args.id), 'change the role of');
    // Its locations are within the caller's already (visible); the new role must be too.
    assertGrantable(viewerOf(ctx), { role: args.role });
    const updated = await new UserRepository(ctx.em, tenantOf(ctx)).setRole(user.id, args.role);
    // Instances hold resolved keys (role included): every instance reads them again.
    await ctx.deps.sessionEvents.publish({ organizationId: viewerOf(ctx).organizationId });
    return updated;
  },
  removeUser: async (_root: unknown, args: IdArgs, ctx: AppContext) => {
    const user = await manageableUser(ctx, String(args.id), 'remove');
    await new UserRepository(ctx.em, tenantOf(ctx)).remove(user.id);
    // Its keys stop working now on every instance, not when their resolved copies expire.
    await ctx.deps.sessionEvents.publish({ organizationId: viewerOf(ctx).organizationId });
    return user;
  },
};
