import { z } from 'zod';
import { builder } from './builder.js';
import { ApiKey } from '../db/entities/index.js';
import { apiKeyMutations, apiKeyQueries } from '../resolvers/api-keys.js';
import { text } from './text.js';

export const ApiKeyRef = builder.objectRef<Omit<ApiKey, 'secretHash'>>('ApiKey');
ApiKeyRef.implement({
  description: 'An API key of the organization. The secret is shown once, at creation; only its hash is stored.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'API key id (not the secret).' }),
    name: t.exposeString('name', { description: 'What the key is for.' }),
    prefix: t.exposeString('prefix', { description: 'Public part of the key (`whk_<prefix>_…`), to recognise it.' }),
    userId: t.exposeID('userId', { description: 'The user the key acts as.' }),
    locationIds: t.idList({
      nullable: true,
      description: 'Locations the key is limited to; null when it may see every location of its user.',
      resolve: (k) => k.locationIds ?? null,
    }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'Last use, to the minute.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'When the key was revoked; null while it works.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the key was created.' }),
  }),
});

const CreatedApiKeyRef = builder.objectRef<{ apiKey: ApiKey; key: string }>('CreatedApiKey');
CreatedApiKeyRef.implement({
  description: 'A new API key with its secret, shown this once.',
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, description: 'The stored key.', resolve: (r) => r.apiKey }),
    key: t.exposeString('key', { description: 'The full secret key: store it now, it cannot be shown again.' }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.field({
    type: [ApiKeyRef],
    description: 'The API keys of the organization, newest first. Requires ADMIN.',
    authScopes: { admin: true },
    resolve: apiKeyQueries.apiKeys,
  }),
);

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  description: 'A new API key for the caller.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'What the key is for (1–100 characters).', validate: { schema: text(100, 1) } }),
    locationIds: t.idList({
      required: false,
      description: 'Limit the key to these locations (each must be visible to the caller). Omit for all.',
      validate: { schema: z.array(z.string().uuid('must be a UUID')).min(1).max(100) },
    }),
  }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKeyRef,
    description: 'Creates an API key acting as the caller, optionally limited to some locations. Requires ADMIN.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true, description: 'The key to create.' }) },
    resolve: apiKeyMutations.createApiKey,
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    description: 'Revokes an API key of the organization at once. Requires ADMIN. Idempotent.',
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true, description: 'API key id.', validate: { schema: z.string().uuid('must be a UUID') } }) },
    resolve: apiKeyMutations.revokeApiKey,
  }),
}));
