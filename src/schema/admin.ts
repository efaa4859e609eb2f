import { z } from 'zod';
import { builder } from './builder.js';
import { LocationRef } from './location.js';
import { OrganizationRef, TierEnum, RoleEnum } from './viewer.js';
import type { CreatedOrganization } from '../services/organizations.js';
import { adminMutations } from '../resolvers/admin.js';
import type { User } from '../db/entities/index.js';
import { text } from './text.js';

/** Platform administration (ADMIN_TOKEN): not tenant-scoped, never reachable with an API key. */

const AdminUserRef = builder.objectRef<User>('AdminUser');
AdminUserRef.implement({
  description: 'A user as seen by the platform administrator.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'User id.' }),
    email: t.exposeString('email', { description: 'E-mail address.' }),
    role: t.expose('role', { type: RoleEnum, description: 'Role in the organization.' }),
  }),
});

const CreatedOrganizationRef = builder.objectRef<CreatedOrganization>('CreatedOrganization');
CreatedOrganizationRef.implement({
  description: 'A new organization with its owner, first location and the owner API key (shown once).',
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, description: 'The organization.', resolve: (r) => r.organization }),
    location: t.field({ type: LocationRef, description: 'Its first location.', resolve: (r) => r.location }),
    user: t.field({ type: AdminUserRef, description: 'Its OWNER.', resolve: (r) => r.user }),
    apiKey: t.exposeString('apiKey', { description: 'The owner API key: store it now, it cannot be shown again.' }),
  }),
});

const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
  description: 'A new organization.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Organization name.', validate: { schema: text(200, 1) } }),
    tier: t.field({ type: TierEnum, required: true, description: 'Initial tier.' }),
    locationName: t.string({ required: true, description: 'Name of its first location.', validate: { schema: text(200, 1) } }),
    ownerEmail: t.string({ required: true, description: 'E-mail of its OWNER.', validate: { schema: z.string().trim().email('must be an e-mail address').max(254) } }),
    ownerName: t.string({ required: false, description: 'Name of its OWNER.', validate: { schema: text(200) } }),
  }),
});

builder.mutationFields((t) => ({
  adminCreateOrganization: t.field({
    type: CreatedOrganizationRef,
    description: 'Platform administration: creates an organization, its OWNER, first location and API key. Requires the ADMIN_TOKEN.',
    authScopes: { platformAdmin: true },
    args: { input: t.arg({ type: CreateOrganizationInput, required: true, description: 'The organization, its first location and its OWNER.' }) },
    resolve: adminMutations.adminCreateOrganization,
  }),
  adminSetOrganizationTier: t.field({
    type: OrganizationRef,
    description: 'Platform administration: changes an organization tier (a new ACTIVE subscription). Requires the ADMIN_TOKEN.',
    authScopes: { platformAdmin: true },
    args: {
      organizationId: t.arg.id({ required: true, description: 'Organization id.', validate: { schema: z.string().uuid('must be a UUID') } }),
      tier: t.arg({ type: TierEnum, required: true, description: 'The new tier.' }),
    },
    resolve: adminMutations.adminSetOrganizationTier,
  }),
}));
