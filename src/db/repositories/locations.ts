import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Location } from '../entities/index.js';
import type { TenantScope } from '../tenant-scope.js';
import { conflict, notFound } from '../../errors.js';
import { isUniqueViolation } from '../pg-errors.js';

export class LocationRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
  ) {}

  /** The locations of the caller's organization that the caller may see, by name. */
  async list(): Promise<Location[]> {
    if (this.scope.locationIds.length === 0) return [];
    return this.em.find(
      Location,
      { organizationId: this.scope.organizationId, id: { $in: [...this.scope.locationIds] } },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
  }

  /** NOT_FOUND for an unknown id and for another tenant's id alike. */
  async get(id: string): Promise<Location> {
    this.scope.assertLocation(id);
    const location = await this.em.findOne(Location, { id, organizationId: this.scope.organizationId });
    if (!location) throw notFound('Location', id);
    return location;
  }

  async create(input: { name: string; timezone: string }): Promise<Location> {
    const location = this.em.create(Location, {
      id: randomUUID(),
      organizationId: this.scope.organizationId,
      name: input.name,
      timezone: input.timezone,
    });
    try {
      await this.em.flush();
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A location named ${JSON.stringify(input.name)} already exists`);
      throw error;
    }
    return location;
  }
}
