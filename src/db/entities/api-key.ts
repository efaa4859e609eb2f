import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const ApiKey = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: (p) => ({
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    userId: p.uuid(),
    name: p.text(),
    /** Public part of the key, used to find the row; the secret part is only stored hashed. */
    prefix: p.text(),
    secretHash: p.text().hidden(),
    /** null: every location the user may see; else only these. */
    locationIds: p.array().columnType('uuid[]').nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type ApiKey = InferEntity<typeof ApiKey>;
