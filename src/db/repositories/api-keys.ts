import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiKey } from '../entities/index.js';
import type { TenantScope } from '../tenant-scope.js';
import { notFound } from '../../errors.js';
import { generateApiKey } from '../../auth/api-key-secret.js';

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The full secret key; returned once, never stored. */
  key: string;
}

export class ApiKeyRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
  ) {}

  list(): Promise<ApiKey[]> {
    return this.em.find(ApiKey, { organizationId: this.scope.organizationId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  async get(id: string): Promise<ApiKey> {
    const key = await this.em.findOne(ApiKey, { id, organizationId: this.scope.organizationId });
    if (!key) throw notFound('ApiKey', id);
    return key;
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
  async revoke(id: string): Promise<ApiKey> {
    const key = await this.get(id);
    key.revokedAt ??= new Date();
    await this.em.flush();
    return key;
  }
}
