import { z } from 'zod';
import { builder } from './builder.js';
import { RoleEnum } from './viewer.js';
import type { CreatedUser, UserWithAccess } from '../db/repositories/users.js';
import { userMutations, userQueries } from '../resolvers/users.js';
import { text } from './text.js';

const uuid = z.string().uuid('must be a UUID');

export const OrganizationUserRef = builder.objectRef<UserWithAccess>('OrganizationUser');
OrganizationUserRef.implement({
  description: 'A user of the organization, as its administrators manage it.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'User id.' }),
    email: t.exposeString('email', { description: 'E-mail address (unique on the platform, case-insensitive).' }),
    name: t.exposeString('name', { description: 'Display name (may be empty).' }),
    role: t.expose('role', { type: RoleEnum, description: 'What the user may do.' }),
    locationIds: t.idList({
      nullable: true,
      description: 'The locations the user may see; null when it sees every location of the organization, those created later included.',
      resolve: (u) => (u.allLocations ? null : u.locationIds),
    }),
    lastActiveAt: t.expose('lastActiveAt', { type: 'DateTime', nullable: true, description: 'Last request with one of its API keys, to the minute.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the user was created.' }),
  }),
});

const CreatedUserRef = builder.objectRef<CreatedUser>('CreatedUser');
CreatedUserRef.implement({
  description: 'A new user with its first API key, shown this once: hand the key to the user.',
  fields: (t) => ({
    user: t.field({ type: OrganizationUserRef, description: 'The stored user.', resolve: (r) => r.user }),
    apiKey: t.exposeString('apiKey', { description: 'The user’s first API key (acting as the new user): store it now, it cannot be shown again.' }),
  }),
});

const CreateUserInput = builder.inputType('CreateUserInput', {
  description: 'A new user of the caller organization.',
  fields: (t) => ({
    email: t.string({ required: true, description: 'E-mail address, unused on the platform.', validate: { schema: z.string().trim().email('must be an e-mail address').max(254) } }),
    name: t.string({ required: false, description: 'Display name (up to 200 characters).', validate: { schema: text(200) } }),
    role: t.field({ type: RoleEnum, required: true, description: 'Its role: at most the caller’s own.' }),
    locationIds: t.idList({
      required: false,
      description:
        'Limit the user to these locations (each must be visible to the caller). Omit for the caller’s own access: every location when the caller sees every one, else the caller’s locations.',
      validate: { schema: z.array(uuid).min(1).max(100) },
    }),
  }),
});

builder.queryFields((t) => ({
  users: t.field({
    type: [OrganizationUserRef],
    description: 'The users of the organization, oldest first; a caller limited to some locations sees only users limited to some of its own. Requires ADMIN.',
    authScopes: { admin: true },
    resolve: userQueries.users,
  }),
  user: t.field({
    type: OrganizationUserRef,
    nullable: true,
    description: 'One user of the organization by id; null with a NOT_FOUND error when it does not exist or is outside the caller’s locations. Requires ADMIN.',
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true, description: 'User id.', validate: { schema: uuid } }) },
    resolve: userQueries.user,
  }),
}));

builder.mutationFields((t) => ({
  createUser: t.field({
    type: CreatedUserRef,
    description:
      'Creates a user of the caller organization with its first API key. Requires ADMIN. The caller never grants more than it has: the role is at most its own (else FORBIDDEN) and the locations are among its own (else NOT_FOUND).',
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateUserInput, required: true, description: 'The user to create.' }) },
    resolve: userMutations.createUser,
  }),
  updateUserRole: t.field({
    type: OrganizationUserRef,
    description: 'Changes the role of a user. Requires ADMIN; the new role, and the user’s current one, at most the caller’s own. Not for the caller itself.',
    authScopes: { admin: true },
    args: {
      id: t.arg.id({ required: true, description: 'User id.', validate: { schema: uuid } }),
      role: t.arg({ type: RoleEnum, required: true, description: 'The new role.' }),
    },
    resolve: userMutations.updateUserRole,
  }),
  removeUser: t.field({
    type: OrganizationUserRef,
    description:
      'Removes a user and revokes its API keys at once; the workflows and analyses it requested stay. Requires ADMIN; the user’s role at most the caller’s own. Not for the caller itself.',
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true, description: 'User id.', validate: { schema: uuid } }) },
    resolve: userMutations.removeUser,
  }),
}));
