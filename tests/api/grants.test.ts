import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { storedCounts } from '../support/hostile.js';
import { nativeWorkflow } from '../support/fixtures.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';
import { ApiKeyRepository } from '../../src/db/repositories/api-keys.js';
import { TenantScope } from '../../src/db/tenant-scope.js';

/**
 * A caller never grants more than it has, and manages only what it could have granted
 * (src/auth/grants.ts). The limited caller here is the OWNER's own key restricted to location A:
 * its role allows everything, its locations do not.
 */
let t: TestApp;
let org: CreatedOrganization;
let locationA: string;
let locationB: string;
let limitedKey: string;
let workflowInB: string;

const gql = <T = any>(query: string, variables: Record<string, unknown>, key: string) => t.graphql<T>(query, variables, key);
const CREATE_KEY = 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id locationIds } } }';

async function keyFor(locationIds: string[] | null, userId = org.user.id): Promise<{ key: string; id: string }> {
  const scope = new TenantScope(org.organization.id, [locationA, locationB]);
  const created = await new ApiKeyRepository(t.orm.em.fork(), scope).create({ userId, name: `key ${locationIds}`, locationIds });
  return { key: created.key, id: created.apiKey.id };
}

beforeAll(async () => {
  t = await createTestApp();
  org = await t.tenant();
  locationA = org.location.id;
  const b = await gql('mutation { createLocation(input: { name: "Site B" }) { id } }', {}, org.apiKey);
  locationB = b.body.data!.createLocation.id;
  limitedKey = (await keyFor([locationA])).key;
  const wf = await t.rest('POST', '/v1/workflows', { input: { locationId: locationB, name: 'In B', definition: nativeWorkflow('In B') } }, org.apiKey);
  workflowInB = wf.body.id;
  await t.rest('POST', `/v1/workflows/${workflowInB}/analyses`, undefined, org.apiKey);
});
afterAll(() => t.close());

describe('createApiKey never grants more than the caller has', () => {
  it('a limited caller that names no locations gets a key limited to its own, not an unrestricted one', async () => {
    const res = await gql(CREATE_KEY, { i: { name: 'child' } }, limitedKey);
    expect(res.status).toBe(200);
    expect(res.body.data?.createApiKey.apiKey.locationIds).toEqual([locationA]);
    const child = res.body.data!.createApiKey.key;
    const seen = await gql('{ locations { id } }', {}, child);
    expect(seen.body.data?.locations).toEqual([{ id: locationA }]);
    expect((await gql(`{ location(id: "${locationB}") { id } }`, {}, child)).status).toBe(404);
    // A location created later is not visible to it either.
    const c = await gql('mutation { createLocation(input: { name: "Site C" }) { id } }', {}, org.apiKey);
    expect((await gql(`{ location(id: "${c.body.data!.createLocation.id}") { id } }`, {}, child)).status).toBe(404);
  });

  it('a limited caller naming a location it cannot see is NOT_FOUND, and nothing is stored', async () => {
    const before = await storedCounts(t);
    for (const ids of [[locationB], [locationA, locationB]]) {
      const res = await gql(CREATE_KEY, { i: { name: 'escalate', locationIds: ids } }, limitedKey);
      expect(res.status).toBe(404);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await storedCounts(t)).toEqual(before);
  });

  it('a user limited to some locations (not only its key) is held to them too', async () => {
    const userId = crypto.randomUUID();
    const conn = t.orm.em.getConnection();
    await conn.execute(`insert into users (id, organization_id, email, name, role, all_locations) values (?, ?, ?, '', 'ADMIN', false)`, [userId, org.organization.id, `limited-${userId}@example.test`]);
    await conn.execute('insert into user_locations (user_id, location_id) values (?, ?)', [userId, locationA]);
    const { key } = await keyFor(null, userId);
    const res = await gql(CREATE_KEY, { i: { name: 'from limited user' } }, key);
    expect(res.body.data?.createApiKey.apiKey.locationIds).toEqual([locationA]);
  });

  it('an unrestricted caller still creates unrestricted or limited keys', async () => {
    const all = await gql(CREATE_KEY, { i: { name: 'all' } }, org.apiKey);
    expect(all.body.data?.createApiKey.apiKey.locationIds).toBeNull();
    const onlyB = await gql(CREATE_KEY, { i: { name: 'only B', locationIds: [locationB] } }, org.apiKey);
    expect(onlyB.body.data?.createApiKey.apiKey.locationIds).toEqual([locationB]);
  });
});

describe('apiKeys and revokeApiKey stay within the caller scope', () => {
  it('a limited caller lists only keys limited to a subset of its locations, showing only its locations', async () => {
    const inA = await keyFor([locationA]);
    const inB = await keyFor([locationB]);
    const inAB = await keyFor([locationA, locationB]);
    const listed = await gql<{ apiKeys: Array<{ id: string; locationIds: string[] | null }> }>('{ apiKeys { id locationIds } }', {}, limitedKey);
    const ids = listed.body.data!.apiKeys.map((k) => k.id);
    expect(ids).toContain(inA.id);
    expect(ids).not.toContain(inB.id);
    expect(ids).not.toContain(inAB.id);
    expect(ids).not.toContain(org.apiKeyId);
    expect(JSON.stringify(listed.body)).not.toContain(locationB);
    // The unrestricted owner sees them all.
    const all = await gql<{ apiKeys: Array<{ id: string }> }>('{ apiKeys { id } }', {}, org.apiKey);
    expect(all.body.data!.apiKeys.map((k) => k.id)).toEqual(expect.arrayContaining([inA.id, inB.id, inAB.id, org.apiKeyId]));
  });

  it('a limited caller cannot revoke keys outside its scope (NOT_FOUND, key still works), only those within', async () => {
    const inB = await keyFor([locationB]);
    for (const id of [org.apiKeyId, inB.id]) {
      const res = await gql(`mutation { revokeApiKey(id: "${id}") { id } }`, {}, limitedKey);
      expect(res.status).toBe(404);
    }
    expect((await gql('{ viewer { role } }', {}, org.apiKey)).status).toBe(200);
    expect((await gql('{ viewer { role } }', {}, inB.key)).status).toBe(200);
    const inA = await keyFor([locationA]);
    const revoked = await gql(`mutation { revokeApiKey(id: "${inA.id}") { id revokedAt } }`, {}, limitedKey);
    expect(revoked.body.data?.revokeApiKey.revokedAt).toBeTruthy();
    expect((await gql('{ viewer { role } }', {}, inA.key)).status).toBe(401);
  });
});

describe('every other mutation, from a key limited to location A, on both surfaces', () => {
  it('createLocation is organization-wide: 403 for a limited caller, nothing stored', async () => {
    const before = await storedCounts(t);
    const g = await gql('mutation { createLocation(input: { name: "Site B" }) { id } }', {}, limitedKey);
    expect(g.status).toBe(403);
    expect(g.body.errors?.[0]?.message).not.toContain('Site B');
    const r = await t.rest('POST', '/v1/locations', { input: { name: 'Probe' } }, limitedKey);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
    expect(await storedCounts(t)).toEqual(before);
  });

  it('workflow mutations on location B are NOT_FOUND and change nothing', async () => {
    const before = await storedCounts(t);
    const definition = nativeWorkflow('Sneaky');
    const calls = [
      () => gql('mutation($i: CreateWorkflowInput!) { createWorkflow(input: $i) { id } }', { i: { locationId: locationB, name: 'x', definition } }, limitedKey),
      () => gql('mutation($i: ImportWorkflowInput!) { importWorkflow(input: $i) { id } }', { i: { locationId: locationB, workflow: definition } }, limitedKey),
      () => gql('mutation($i: UpdateWorkflowInput!) { updateWorkflow(input: $i) { id } }', { i: { id: workflowInB, expectedVersion: 1, name: 'renamed' } }, limitedKey),
      () => gql(`mutation { deleteWorkflow(id: "${workflowInB}") { id } }`, {}, limitedKey),
      () => gql(`mutation { analyzeWorkflow(id: "${workflowInB}") { reused } }`, {}, limitedKey),
      () => t.rest('POST', '/v1/workflows', { input: { locationId: locationB, name: 'x', definition } }, limitedKey),
      () => t.rest('POST', '/v1/workflows/import', { input: { locationId: locationB, workflow: definition } }, limitedKey),
      () => t.rest('PATCH', `/v1/workflows/${workflowInB}`, { input: { expectedVersion: 1, name: 'renamed' } }, limitedKey),
      () => t.rest('DELETE', `/v1/workflows/${workflowInB}`, undefined, limitedKey),
      () => t.rest('POST', `/v1/workflows/${workflowInB}/analyses`, undefined, limitedKey),
    ];
    for (const call of calls) expect((await call()).status).toBe(404);
    expect(await storedCounts(t)).toEqual(before);
  });

  it('platform administration is refused to every API key', async () => {
    for (const key of [limitedKey, org.apiKey]) {
      const res = await gql('mutation { adminSetOrganizationTier(organizationId: "00000000-0000-4000-8000-000000000000", tier: ENTERPRISE) { tier } }', {}, key);
      expect(res.status).toBe(403);
    }
  });
});

describe('reuse across the visibility boundary', () => {
  it('a limited key analysing content that exists in a location it cannot see gets a fresh analysis, not a pointer there', async () => {
    const content = nativeWorkflow('In B');
    const created = await t.rest('POST', '/v1/workflows', { input: { locationId: locationA, name: 'Same content in A', definition: content } }, limitedKey);
    expect(created.status).toBe(201);
    const analysed = await gql(`mutation { analyzeWorkflow(id: "${created.body.id}") { reused analysis { reusedFromId } } }`, {}, limitedKey);
    expect(analysed.body.data?.analyzeWorkflow).toEqual({ reused: false, analysis: { reusedFromId: null } });
    // Within what it can see, reuse still works.
    const again = await t.rest('POST', '/v1/workflows', { input: { locationId: locationA, name: 'Twin in A', definition: content } }, limitedKey);
    const twin = await gql(`mutation { analyzeWorkflow(id: "${again.body.id}") { reused analysis { reusedFromId } } }`, {}, limitedKey);
    expect(twin.body.data?.analyzeWorkflow.reused).toBe(true);
    const visible = await gql(`{ analysis(id: "${twin.body.data?.analyzeWorkflow.analysis.reusedFromId}") { id } }`, {}, limitedKey);
    expect(visible.status).toBe(200);
  });
});
