import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { User, UserLocation, type Role } from '../entities/index.js';
import type { TenantScope } from '../tenant-scope.js';
import { conflict, notFound } from '../../errors.js';
import { isUniqueViolation } from '../pg-errors.js';
import { fromRow } from '../rows.js';
import { ApiKeyRepository } from './api-keys.js';

/** A user with the locations it may see: every one of the organization, or its list. */
export interface UserWithAccess {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  role: Role;
  /** True: every location of the organization, those created later included. */
  allLocations: boolean;
  /** Its own list (empty when `allLocations`). */
  locationIds: string[];
  lastActiveAt: Date | null;
  createdAt: Date;
}

export interface CreatedUser {
  user: UserWithAccess;
  /** The new user's first API key, shown once. */
  apiKey: string;
}

const USERS_WITH_ACCESS = `
  select u.id, u.organization_id, u.email, u.name, u.role, u.all_locations, u.last_active_at, u.created_at,
         array(
           select ul.location_id from user_locations ul join locations l on l.id = ul.location_id
            where ul.user_id = u.id order by l.created_at, l.id
         ) as location_ids
    from users u`;

/** The users of one organization. Who may manage whom is the resolvers' rule (auth/grants.ts). */
export class UserRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
  ) {}

  /** Every user of the organization, oldest first (or the one with this id). */
  async listWithAccess(id?: string): Promise<UserWithAccess[]> {
    const rows = await this.em.getConnection().execute<Record<string, unknown>[]>(
      `${USERS_WITH_ACCESS} where u.organization_id = ?${id ? ' and u.id = ?' : ''} order by u.created_at, u.id`,
      id ? [this.scope.organizationId, id] : [this.scope.organizationId],
    );
    return rows.map((row) => fromRow<UserWithAccess>(row));
  }

  /** NOT_FOUND for an unknown id and for another organization's user alike. */
  async get(id: string): Promise<UserWithAccess> {
    const [user] = await this.listWithAccess(id);
    if (!user) throw notFound('User', id);
    return user;
  }

  /**
   * Creates the user, its location list (null: every location) and its first API key (following
   * the user's access), all or nothing. An e-mail already used on the platform is CONFLICT.
   */
  async create(input: { email: string; name: string; role: Role; locationIds: readonly string[] | null }): Promise<CreatedUser> {
    for (const id of input.locationIds ?? []) this.scope.assertLocation(id);
    const id = randomUUID();
    try {
      const key = await this.em.transactional(async (tx) => {
        tx.create(User, { id, organizationId: this.scope.organizationId, email: input.email, name: input.name, role: input.role, allLocations: input.locationIds === null });
        // Plain id columns (no ORM relations): the user row goes first, then the rows naming it.
        await tx.flush();
        for (const locationId of input.locationIds ?? []) tx.create(UserLocation, { userId: id, locationId });
        await tx.flush();
        return new ApiKeyRepository(tx, this.scope).create({ userId: id, name: 'First key' });
      });
      return { user: await this.get(id), apiKey: key.key };
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A user with e-mail ${JSON.stringify(input.email)} already exists`);
      throw error;
    }
  }

  async setRole(id: string, role: Role): Promise<UserWithAccess> {
    const updated = await this.em.nativeUpdate(User, { id, organizationId: this.scope.organizationId }, { role });
    if (updated === 0) throw notFound('User', id);
    return this.get(id);
  }

  /**
   * Deletes the user; its API keys and location list go with it (foreign keys cascade), the
   * workflows and analyses it requested stay, without a requester.
   */
  async remove(id: string): Promise<void> {
    const deleted = await this.em.nativeDelete(User, { id, organizationId: this.scope.organizationId });
    if (deleted === 0) throw notFound('User', id);
  }
}
