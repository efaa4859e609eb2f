import { builder } from './builder.js';
import { LocationRef } from './location.js';
import type { Viewer } from '../auth/viewer.js';
import { viewerFields, viewerQueries } from '../resolvers/viewer.js';
import { ROLES, TIERS } from '../db/entities/enums.js';
import { describedValues } from './enum-values.js';

export const TierEnum = builder.enumType('Tier', {
  description: 'Subscription tier; sets rate limits, batch sizes and history retention.',
  values: describedValues(TIERS, {
    FREE: 'The free tier: the lowest limits and 30 days of history.',
    PRO: 'The paid tier for teams: higher limits and a year of history.',
    ENTERPRISE: 'The largest limits and unlimited history.',
  }),
});

export const RoleEnum = builder.enumType('Role', {
  description: 'VIEWER reads; MEMBER also creates, edits and analyses; ADMIN also manages API keys and locations; OWNER also the subscription.',
  values: describedValues(ROLES, {
    VIEWER: 'Reads workflows, analyses and locations.',
    MEMBER: 'Also creates, edits, deletes and analyses workflows.',
    ADMIN: 'Also manages API keys and locations.',
    OWNER: 'Also manages the subscription.',
  }),
});

const OrganizationRef = builder.objectRef<{ id: string; name: string; tier: Viewer['tier'] }>('Organization');
OrganizationRef.implement({
  description: 'The paying account: it owns locations, users and API keys.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Organization id.' }),
    name: t.exposeString('name', { description: 'Display name.' }),
    tier: t.expose('tier', { type: TierEnum, description: 'Current subscription tier.' }),
  }),
});
export { OrganizationRef };

const UserRef = builder.objectRef<Viewer>('User');
UserRef.implement({
  description: 'A person of an organization.',
  fields: (t) => ({
    id: t.exposeID('userId', { description: 'User id.' }),
    email: t.exposeString('email', { description: 'E-mail address (unique, case-insensitive).' }),
    name: t.exposeString('name', { description: 'Display name.' }),
    role: t.expose('role', { type: RoleEnum, description: 'What the user may do.' }),
  }),
});

export const ViewerRef = builder.objectRef<Viewer>('Viewer');
ViewerRef.implement({
  description: 'The caller: the user behind the API key, its organization and what it may see.',
  fields: (t) => ({
    user: t.field({ type: UserRef, description: 'The user that owns the API key.', resolve: (v) => v }),
    organization: t.field({
      type: OrganizationRef,
      description: 'The organization of the user.',
      resolve: (v) => ({ id: v.organizationId, name: v.organizationName, tier: v.tier }),
    }),
    tier: t.expose('tier', { type: TierEnum, description: 'The organization tier.' }),
    role: t.expose('role', { type: RoleEnum, description: 'The user role.' }),
    apiKeyId: t.exposeID('apiKeyId', { description: 'Id of the API key used for this request.' }),
    locations: t.field({
      type: [LocationRef],
      description: 'Locations this request may see (the user access, narrowed by the key restriction).',
      resolve: viewerFields.locations,
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    description: 'Who is calling. Requires an API key.',
    authScopes: { authenticated: true },
    resolve: viewerQueries.viewer,
  }),
);
