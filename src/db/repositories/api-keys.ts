import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey } from '../entities/index.js';
import type { TenantScope } from '../tenant-scope.js';
import { notFound } from '../../errors.js';
import { generateApiKey } from '../../auth/api-key-secret.js';
import { fromRow } from '../rows.js';

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The full secret key; returned once, never stored. */
  key: string;
}

/** A key with the access it effectively has: its user's locations narrowed by its own list. */
export interface ApiKeyWithAccess extends Omit<ApiKey, 'secretHash'> {
  /** Unrestricted: its user sees every location and the key has no list. */
  effectiveAll: boolean;
  effectiveLocationIds: string[];
}

const KEYS_WITH_ACCESS = `
  select k.id, k.organization_id, k.user_id, k.name, k.prefix, k.location_ids, k.last_used_at, k.revoked_at, k.created_at,
         (u.all_locations and k.location_ids is null) as effective_all,
         array(
           select l.id from locations l
            where l.organization_id = k.organization_id
              and (u.all_locations or exists (select 1 from user_locations ul where ul.user_id = u.id and ul.location_id = l.id))
              and (k.location_ids is null or l.id = any(k.location_ids))
         ) as effective_location_ids
    from api_keys k join users u on u.id = k.user_id`;

export class ApiKeyRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
  ) {}

  /** Every key of the organization (newest first) with its effective access. */
  async listWithAccess(id?: string): Promise<ApiKeyWithAccess[]> {
    const rows = await this.em.getConnection().execute<Record<string, unknown>[]>(
      `${KEYS_WITH_ACCESS} where k.organization_id = ?${id ? ' and k.id = ?' : ''} order by k.created_at desc, k.id desc`,
      id ? [this.scope.organizationId, id] : [this.scope.organizationId],
    );
    return rows.map((row) => fromRow<ApiKeyWithAccess>(row));
  }

  /** `locationIds`, when given, must all be inside the scope (else NOT_FOUND). */
  async create(input: { userId: string; name: string; locationIds?: readonly string[] | null }): Promise<CreatedApiKey> {
    for (const id of input.locationIds ?? []) this.scope.assertLocation(id);
    const generated = generateApiKey();
    const apiKey = this.em.create(ApiKey, {
      id: randomUUID(),
      organizationId: this.scope.organizationId,
      userId: input.userId,
      name: input.name,
      prefix: generated.prefix,
      secretHash: generated.secretHash,
      locationIds: input.locationIds ? [...new Set(input.locationIds)] : null,
    });
    await this.em.flush();
    return { apiKey, key: generated.key };
  }

  /** Idempotent: revoking a revoked key keeps its first revocation time. */
  async revoke(id: string): Promise<void> {
    const updated = await this.em.nativeUpdate(ApiKey, { id, organizationId: this.scope.organizationId, revokedAt: null }, { revokedAt: new Date() });
    if (updated === 0 && (await this.listWithAccess(id)).length === 0) throw notFound('ApiKey', id);
  }
}
