import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Location, Organization, Subscription, User } from '../db/entities/index.js';
import type { Tier } from '../db/entities/enums.js';
import { TenantScope } from '../db/tenant-scope.js';
import { ApiKeyRepository } from '../db/repositories/api-keys.js';
import { conflict, notFound } from '../errors.js';
import { isUniqueViolation } from '../db/pg-errors.js';

export interface CreateOrganizationInput {
  name: string;
  tier: Tier;
  locationName: string;
  timezone?: string;
  ownerEmail: string;
  ownerName?: string;
}

export interface CreatedOrganization {
  organization: Organization;
  location: Location;
  user: User;
  /** The owner's first API key, shown once. */
  apiKey: string;
  apiKeyId: string;
}

/**
 * Platform administration: creates an organization with its ACTIVE subscription, its first
 * location, its OWNER and the owner's first API key, all or nothing.
 */
export async function createOrganization(em: EntityManager, input: CreateOrganizationInput): Promise<CreatedOrganization> {
  try {
    return await em.transactional(async (tx) => {
      const organization = tx.create(Organization, { id: randomUUID(), name: input.name, tier: input.tier });
      // Entities carry plain id columns (no ORM relations), so the unit of work does not order
      // inserts by foreign keys: flush the parent row first.
      await tx.flush();
      tx.create(Subscription, { id: randomUUID(), organizationId: organization.id, tier: input.tier, status: 'ACTIVE' });
      const location = tx.create(Location, {
        id: randomUUID(),
        organizationId: organization.id,
        name: input.locationName,
        timezone: input.timezone ?? 'UTC',
      });
      const user = tx.create(User, {
        id: randomUUID(),
        organizationId: organization.id,
        email: input.ownerEmail.trim(),
        name: input.ownerName ?? '',
        role: 'OWNER',
        allLocations: true,
      });
      await tx.flush();
      const keys = new ApiKeyRepository(tx, new TenantScope(organization.id, [location.id]));
      const created = await keys.create({ userId: user.id, name: 'Owner key' });
      return { organization, location, user, apiKey: created.key, apiKeyId: created.apiKey.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`A user with e-mail ${JSON.stringify(input.ownerEmail)} already exists`);
    throw error;
  }
}

/** Changes the tier: cancels the ACTIVE subscription and opens a new one, in one transaction. */
export async function setOrganizationTier(em: EntityManager, organizationId: string, tier: Tier): Promise<Organization> {
  return em.transactional(async (tx) => {
    const organization = await tx.findOne(Organization, { id: organizationId });
    if (!organization) throw notFound('Organization', organizationId);
    await tx.nativeUpdate(Subscription, { organizationId, status: 'ACTIVE' }, { status: 'CANCELED' });
    tx.create(Subscription, { id: randomUUID(), organizationId, tier, status: 'ACTIVE' });
    organization.tier = tier;
    await tx.flush();
    return organization;
  });
}

export interface CreatedUserKey {
  user: User;
  apiKey: string;
  apiKeyId: string;
}

/**
 * Platform administration: a new API key for an existing user, found by e-mail
 * (case-insensitive). The way back in when a key is lost — e.g. the demo key, shown once on the
 * first start. The key follows the user's own access (no location restriction of its own).
 */
export async function createApiKeyForUser(em: EntityManager, email: string, name = 'Admin CLI key'): Promise<CreatedUserKey> {
  // lower(email) = lower(?): the unique index users_email_lower answers it.
  const [row] = await em.getConnection().execute<{ id: string }[]>('select id from users where lower(email) = lower(?)', [email.trim()]);
  const user = row ? await em.findOne(User, { id: row.id }) : null;
  if (!user) throw notFound('User with e-mail', email.trim());
  const created = await new ApiKeyRepository(em, new TenantScope(user.organizationId, [])).create({ userId: user.id, name });
  return { user, apiKey: created.key, apiKeyId: created.apiKey.id };
}
