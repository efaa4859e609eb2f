import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/app.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';
import { generateApiKey, parseApiKey } from '../../src/auth/api-key-secret.js';

let t: TestApp;
let org: CreatedOrganization;

beforeAll(async () => {
  t = await createTestApp();
  org = await t.tenant();
});
afterAll(() => t.close());

const VIEWER = '{ viewer { organization { name } role } }';

describe('API keys', () => {
  it('answers the viewer for a valid key', async () => {
    const res = await t.graphql(VIEWER, {}, org.apiKey);
    expect(res.status).toBe(200);
    expect(res.body.data?.viewer).toEqual({ organization: { name: org.organization.name }, role: 'OWNER' });
  });

  it('answers 401 UNAUTHENTICATED without a key', async () => {
    const res = await t.graphql(VIEWER);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 401 for a malformed, an unknown and a tampered key alike', async () => {
    const tampered = org.apiKey.slice(0, -4) + (org.apiKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const unknown = 'whk_ABCDEFGHIJKL_' + 'a'.repeat(43);
    for (const key of ['nonsense', unknown, tampered]) {
      const res = await t.graphql(VIEWER, {}, key);
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0]?.message).toBe('The API key is invalid or revoked');
    }
  });

  it('answers 401 for a revoked key, and the key secret never appears in listings', async () => {
    const created = await t.graphql<{ createApiKey: { key: string; apiKey: { id: string; prefix: string } } }>(
      'mutation { createApiKey(input: { name: "ci" }) { key apiKey { id prefix } } }',
      {},
      org.apiKey,
    );
    const { key, apiKey } = created.body.data!.createApiKey;
    expect(key.startsWith(`whk_${apiKey.prefix}_`)).toBe(true);
    expect((await t.graphql(VIEWER, {}, key)).status).toBe(200);

    const listed = await t.graphql('{ apiKeys { id prefix revokedAt lastUsedAt } }', {}, org.apiKey);
    expect(JSON.stringify(listed.body)).not.toContain(parseApiKey(key)!.secret);
    expect(listed.body.data?.apiKeys.find((k: { id: string }) => k.id === apiKey.id).lastUsedAt).not.toBeNull();

    const revoked = await t.graphql(`mutation { revokeApiKey(id: "${apiKey.id}") { revokedAt } }`, {}, org.apiKey);
    expect(revoked.body.data?.revokeApiKey.revokedAt).toBeTruthy();
    const after = await t.graphql(VIEWER, {}, key);
    expect(after.status).toBe(401);
    expect(after.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('accepts keys whose secret starts with `_` or `-` or holds `__` (base64url), generated deterministically', async () => {
    // The first draw makes the 12-character prefix, the second the 32-byte secret: bytes
    // 0xFF 0xFF encode as `__…`, 0xF8 as `-…`, and 0x41 0xFF 0xFF 0xF0 put `__` inside.
    const cases = [
      { prefixByte: 1, secretStart: [0xff, 0xff], check: (s: string) => s.startsWith('__') },
      { prefixByte: 2, secretStart: [0xf8], check: (s: string) => s.startsWith('-') },
      { prefixByte: 3, secretStart: [0x41, 0xff, 0xff, 0xf0], check: (s: string) => s.slice(1, 6).includes('__') },
    ];
    for (const { prefixByte, secretStart, check } of cases) {
      let draw = 0;
      const random = (size: number) =>
        draw++ === 0 ? Buffer.alloc(size, prefixByte) : Buffer.from([...secretStart, ...Array<number>(size - secretStart.length).fill(0x41)]);
      const generated = generateApiKey(random);
      const parsed = parseApiKey(generated.key);
      expect(parsed?.prefix).toBe(generated.prefix);
      expect(check(parsed!.secret)).toBe(true);
      await t.orm.em.getConnection().execute(
        `insert into api_keys (id, organization_id, user_id, name, prefix, secret_hash) values (?, ?, ?, 'odd secret', ?, ?)`,
        [crypto.randomUUID(), org.organization.id, org.user.id, generated.prefix, generated.secretHash],
      );
      const res = await t.graphql(VIEWER, {}, generated.key);
      expect(res.status).toBe(200);
      expect(res.body.data?.viewer.role).toBe('OWNER');
    }
  });

  it('stores only a hash of the secret', async () => {
    const rows = await t.orm.em.getConnection().execute<{ secret_hash: string }[]>('select secret_hash from api_keys');
    const secret = parseApiKey(org.apiKey)!.secret;
    for (const row of rows) {
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.secret_hash).not.toContain(secret);
    }
  });
});

describe('roles', () => {
  async function keyWithRole(role: 'VIEWER' | 'MEMBER') {
    const em = t.orm.em.fork();
    const userId = crypto.randomUUID();
    await em.getConnection().execute(
      `insert into users (id, organization_id, email, name, role) values (?, ?, ?, '', ?)`,
      [userId, org.organization.id, `${role.toLowerCase()}-${userId}@example.test`, role],
    );
    const { ApiKeyRepository } = await import('../../src/db/repositories/api-keys.js');
    const { TenantScope } = await import('../../src/db/tenant-scope.js');
    return (await new ApiKeyRepository(em, new TenantScope(org.organization.id, [org.location.id])).create({ userId, name: role })).key;
  }

  it('lets a VIEWER read but not write (403 FORBIDDEN), and changes nothing', async () => {
    const key = await keyWithRole('VIEWER');
    const read = await t.graphql('{ locations { id } }', {}, key);
    expect(read.status).toBe(200);
    expect(read.body.data?.locations).toHaveLength(1);

    const write = await t.graphql('mutation { createLocation(input: { name: "Viewer was here" }) { id } }', {}, key);
    expect(write.status).toBe(403);
    expect(write.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const after = await t.graphql('{ locations { name } }', {}, org.apiKey);
    expect(after.body.data?.locations.map((l: { name: string }) => l.name)).not.toContain('Viewer was here');
  });

  it('keeps API key management for ADMIN and above', async () => {
    const key = await keyWithRole('MEMBER');
    const res = await t.graphql('mutation { createApiKey(input: { name: "x" }) { key } }', {}, key);
    expect(res.status).toBe(403);
    expect((await t.graphql('{ apiKeys { id } }', {}, key)).status).toBe(403);
  });
});

describe('location-limited keys', () => {
  it('cannot see another location of the same organization', async () => {
    const second = await t.graphql<{ createLocation: { id: string } }>('mutation { createLocation(input: { name: "Second site" }) { id } }', {}, org.apiKey);
    const secondId = second.body.data!.createLocation.id;
    const limited = await t.graphql<{ createApiKey: { key: string } }>(
      'mutation($ids: [ID!]) { createApiKey(input: { name: "first only", locationIds: $ids }) { key } }',
      { ids: [org.location.id] },
      org.apiKey,
    );
    const key = limited.body.data!.createApiKey.key;

    const list = await t.graphql('{ locations { id } viewer { locations { id } } }', {}, key);
    expect(list.body.data?.locations).toEqual([{ id: org.location.id }]);
    expect(list.body.data?.viewer.locations).toEqual([{ id: org.location.id }]);

    const other = await t.graphql(`{ location(id: "${secondId}") { id } }`, {}, key);
    expect(other.status).toBe(404);
    expect(other.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const own = await t.graphql(`{ location(id: "${org.location.id}") { id } }`, {}, key);
    expect(own.body.data?.location).toEqual({ id: org.location.id });
  });
});

describe('tenancy', () => {
  it('answers NOT_FOUND for ids of another organization, exactly as for unknown ids', async () => {
    const other = await t.tenant();
    const foreign = await t.graphql(`{ location(id: "${other.location.id}") { id name } }`, {}, org.apiKey);
    const unknown = await t.graphql('{ location(id: "00000000-0000-4000-8000-000000000000") { id } }', {}, org.apiKey);
    expect(foreign.status).toBe(404);
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(foreign.body)).not.toContain(other.location.name);
    expect(unknown.status).toBe(404);

    const revoke = await t.graphql(`mutation { revokeApiKey(id: "${other.apiKeyId}") { id } }`, {}, org.apiKey);
    expect(revoke.status).toBe(404);
    expect((await t.graphql(VIEWER, {}, other.apiKey)).status).toBe(200);

    const keyRestricted = await t.graphql(
      'mutation($ids: [ID!]) { createApiKey(input: { name: "sneaky", locationIds: $ids }) { key } }',
      { ids: [other.location.id] },
      org.apiKey,
    );
    expect(keyRestricted.status).toBe(404);
  });

  it('lists only the caller organization locations and keys', async () => {
    const other = await t.tenant();
    const res = await t.graphql('{ locations { id } apiKeys { id } }', {}, other.apiKey);
    expect(res.body.data?.locations).toEqual([{ id: other.location.id }]);
    expect(res.body.data?.apiKeys).toEqual([{ id: other.apiKeyId }]);
  });
});

describe('platform administration', () => {
  const CREATE = `mutation($input: CreateOrganizationInput!) { adminCreateOrganization(input: $input) { organization { id name tier } location { name } user { email role } apiKey } }`;

  it('creates an organization whose key works at once, with the admin token only', async () => {
    const input = { name: 'Admin Co', tier: 'FREE', locationName: 'HQ', ownerEmail: 'boss@admin-co.test' };
    expect((await t.graphql(CREATE, { input }, org.apiKey)).status).toBe(403);
    expect((await t.graphql(CREATE, { input })).status).toBe(401);

    const res = await t.graphql(CREATE, { input }, TEST_ADMIN_TOKEN);
    expect(res.status).toBe(200);
    const created = res.body.data!.adminCreateOrganization;
    expect(created.organization).toMatchObject({ name: 'Admin Co', tier: 'FREE' });
    expect(created.user).toEqual({ email: 'boss@admin-co.test', role: 'OWNER' });
    const viewer = await t.graphql('{ viewer { tier locations { name } } }', {}, created.apiKey);
    expect(viewer.body.data?.viewer).toEqual({ tier: 'FREE', locations: [{ name: 'HQ' }] });

    const again = await t.graphql(CREATE, { input: { ...input, ownerEmail: 'BOSS@admin-co.test' } }, TEST_ADMIN_TOKEN);
    expect(again.status).toBe(409);

    const tier = await t.graphql(
      'mutation($id: ID!) { adminSetOrganizationTier(organizationId: $id, tier: ENTERPRISE) { tier } }',
      { id: created.organization.id },
      TEST_ADMIN_TOKEN,
    );
    expect(tier.body.data?.adminSetOrganizationTier.tier).toBe('ENTERPRISE');
    const active = await t.orm.em.getConnection().execute(
      `select tier from subscriptions where organization_id = ? and status = 'ACTIVE'`,
      [created.organization.id],
    );
    expect(active).toEqual([{ tier: 'ENTERPRISE' }]);
  });

  it('rejects bad input with the field at fault and stores nothing', async () => {
    const before = await t.orm.em.getConnection().execute<{ n: string }[]>('select count(*)::int as n from organizations');
    const res = await t.graphql(CREATE, { input: { name: '', tier: 'PRO', locationName: 'x', ownerEmail: 'not-an-email' } }, TEST_ADMIN_TOKEN);
    expect(res.status).toBe(400);
    const fields = res.body.errors?.[0]?.extensions?.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['input.name', 'input.ownerEmail']));
    const after = await t.orm.em.getConnection().execute<{ n: string }[]>('select count(*)::int as n from organizations');
    expect(after).toEqual(before);
  });
});
