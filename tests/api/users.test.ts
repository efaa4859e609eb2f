import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';
import { ApiKeyRepository } from '../../src/db/repositories/api-keys.js';
import { TenantScope } from '../../src/db/tenant-scope.js';
import { nativeWorkflow } from '../support/fixtures.js';

/**
 * User management (ADMIN), on GraphQL and REST: a caller never grants more than it has — role or
 * locations (src/auth/grants.ts) — manages only users it could have created, never itself nor a
 * user above its role, and never sees another organization's users.
 */
let t: TestApp;
let org: CreatedOrganization;
let other: CreatedOrganization;
let locationA: string;
let locationB: string;
/** The OWNER's key limited to location A: every role, not every location. */
let limitedOwnerKey: string;

const gql = <T = any>(query: string, variables: Record<string, unknown>, key: string) => t.graphql<T>(query, variables, key);
const CREATE_USER = 'mutation($i: CreateUserInput!) { createUser(input: $i) { apiKey user { id email role locationIds } } }';
const UPDATE_ROLE = 'mutation($id: ID!, $role: Role!) { updateUserRole(id: $id, role: $role) { id role } }';
const REMOVE_USER = 'mutation($id: ID!) { removeUser(id: $id) { id } }';
const email = (tag: string) => `${tag}-${crypto.randomUUID().slice(0, 8)}@example.test`;

async function userCount(): Promise<number> {
  const [row] = await t.orm.em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from users');
  return row!.n;
}

/** A user created over REST by `key`; returns its id and first key. */
async function createUser(key: string, role: string, locationIds?: string[]): Promise<{ id: string; key: string }> {
  const res = await t.rest('POST', '/v1/users', { input: { email: email(role.toLowerCase()), role, ...(locationIds ? { locationIds } : {}) } }, key);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.user.id, key: res.body.apiKey };
}

beforeAll(async () => {
  t = await createTestApp();
  org = await t.tenant();
  other = await t.tenant();
  locationA = org.location.id;
  const b = await gql('mutation { createLocation(input: { name: "Site B" }) { id } }', {}, org.apiKey);
  locationB = b.body.data!.createLocation.id;
  const scope = new TenantScope(org.organization.id, [locationA, locationB]);
  limitedOwnerKey = (await new ApiKeyRepository(t.orm.em.fork(), scope).create({ userId: org.user.id, name: 'only A', locationIds: [locationA] })).key;
});
afterAll(() => t.close());

describe('creating a user', () => {
  it('GraphQL: an OWNER creates a MEMBER whose first key works and acts as the new user', async () => {
    const address = email('Member');
    const res = await gql(CREATE_USER, { i: { email: address, name: 'Mia', role: 'MEMBER' } }, org.apiKey);
    expect(res.status).toBe(200);
    const created = res.body.data!.createUser;
    expect(created.user).toMatchObject({ email: address, role: 'MEMBER', locationIds: null });
    const me = await gql('{ viewer { role user { id email name } locations { id } } }', {}, created.apiKey);
    expect(me.body.data?.viewer).toMatchObject({ role: 'MEMBER', user: { id: created.user.id, email: address, name: 'Mia' } });
    expect(me.body.data?.viewer.locations.map((l: { id: string }) => l.id).sort()).toEqual([locationA, locationB].sort());
    // A MEMBER manages no users.
    const refused = await gql(CREATE_USER, { i: { email: email('x'), role: 'VIEWER' } }, created.apiKey);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('REST: 201 with the user, its key and a Location that reads it back; it appears in the list', async () => {
    const res = await t.rest('POST', '/v1/users', { input: { email: email('rest'), role: 'VIEWER', locationIds: [locationB] } }, org.apiKey);
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ role: 'VIEWER', locationIds: [locationB] });
    expect(res.body.apiKey).toMatch(/^whk_/);
    const read = await t.rest('GET', res.headers.get('location')!, undefined, org.apiKey);
    expect(read.body).toMatchObject({ id: res.body.user.id, locationIds: [locationB] });
    const list = await t.rest('GET', '/v1/users', undefined, org.apiKey);
    expect(list.body.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([org.user.id, res.body.user.id]));
    // The new user sees only location B.
    const seen = await t.rest('GET', '/v1/locations', undefined, res.body.apiKey);
    expect(seen.body.map((l: { id: string }) => l.id)).toEqual([locationB]);
  });

  it('a list read just before a creation shows the new user at once (user lists are never served from the cache)', async () => {
    const before = await t.rest('GET', '/v1/users', undefined, org.apiKey);
    const gqlBefore = await gql('{ users { id } }', {}, org.apiKey);
    const created = await createUser(org.apiKey, 'VIEWER');
    const after = await t.rest('GET', '/v1/users', undefined, org.apiKey);
    expect(after.body.length).toBe(before.body.length + 1);
    expect(after.body.map((u: { id: string }) => u.id)).toContain(created.id);
    const gqlAfter = await gql('{ users { id } }', {}, org.apiKey);
    expect(gqlAfter.body.data?.users).toHaveLength(gqlBefore.body.data!.users.length + 1);
  });

  it('bad input names the field, and a used e-mail (any case) is CONFLICT; nothing is stored', async () => {
    const before = await userCount();
    const bad = await t.rest('POST', '/v1/users', { input: { email: 'not-an-address', role: 'VIEWER' } }, org.apiKey);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('input.email');
    const badRole = await t.rest('POST', '/v1/users', { input: { email: email('r'), role: 'GOD' } }, org.apiKey);
    expect(badRole.status).toBe(400);
    const taken = await t.rest('POST', '/v1/users', { input: { email: other.user.email.toUpperCase(), role: 'VIEWER' } }, org.apiKey);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('CONFLICT');
    expect(await userCount()).toBe(before);
  });
});

describe('the grant rule: never more than the caller has', () => {
  it('an ADMIN cannot create an OWNER nor raise anyone to OWNER (403 on both surfaces); nothing changes', async () => {
    const admin = await createUser(org.apiKey, 'ADMIN');
    const viewer = await createUser(org.apiKey, 'VIEWER');
    const before = await userCount();
    const gqlCreate = await gql(CREATE_USER, { i: { email: email('o'), role: 'OWNER' } }, admin.key);
    expect(gqlCreate.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(gqlCreate.body.errors?.[0]?.message).toMatch(/OWNER.*above your own \(ADMIN\)/);
    const restCreate = await t.rest('POST', '/v1/users', { input: { email: email('o'), role: 'OWNER' } }, admin.key);
    expect(restCreate.status).toBe(403);
    const gqlRaise = await gql(UPDATE_ROLE, { id: viewer.id, role: 'OWNER' }, admin.key);
    expect(gqlRaise.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const restRaise = await t.rest('PATCH', `/v1/users/${viewer.id}`, { role: 'OWNER' }, admin.key);
    expect(restRaise.status).toBe(403);
    expect(await userCount()).toBe(before);
    expect((await t.rest('GET', `/v1/users/${viewer.id}`, undefined, org.apiKey)).body.role).toBe('VIEWER');
    // Up to its own role is allowed.
    const raised = await t.rest('PATCH', `/v1/users/${viewer.id}`, { role: 'ADMIN' }, admin.key);
    expect(raised.status).toBe(200);
    expect(raised.body.role).toBe('ADMIN');
  });

  it('an ADMIN cannot demote or remove an OWNER; nobody changes or removes itself', async () => {
    const admin = await createUser(org.apiKey, 'ADMIN');
    expect((await t.rest('PATCH', `/v1/users/${org.user.id}`, { role: 'VIEWER' }, admin.key)).status).toBe(403);
    expect((await gql(REMOVE_USER, { id: org.user.id }, admin.key)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.rest('DELETE', `/v1/users/${org.user.id}`, undefined, admin.key)).status).toBe(403);
    expect((await t.rest('PATCH', `/v1/users/${admin.id}`, { role: 'MEMBER' }, admin.key)).status).toBe(403);
    expect((await t.rest('DELETE', `/v1/users/${org.user.id}`, undefined, org.apiKey)).status).toBe(403);
    const me = await t.rest('GET', '/v1/me', undefined, org.apiKey);
    expect(me.body.role).toBe('OWNER');
  });

  it('a caller limited to some locations grants only those: naming another is NOT_FOUND, naming none gives its own', async () => {
    const before = await userCount();
    const gqlRes = await gql(CREATE_USER, { i: { email: email('esc'), role: 'VIEWER', locationIds: [locationA, locationB] } }, limitedOwnerKey);
    expect(gqlRes.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const restRes = await t.rest('POST', '/v1/users', { input: { email: email('esc'), role: 'VIEWER', locationIds: [locationB] } }, limitedOwnerKey);
    expect(restRes.status).toBe(404);
    expect(await userCount()).toBe(before);

    const own = await gql(CREATE_USER, { i: { email: email('own'), role: 'VIEWER' } }, limitedOwnerKey);
    expect(own.body.data?.createUser.user.locationIds).toEqual([locationA]);
    const seen = await gql('{ locations { id } }', {}, own.body.data!.createUser.apiKey);
    expect(seen.body.data?.locations).toEqual([{ id: locationA }]);
  });

  it('a limited caller neither sees nor manages users with more locations than its own (NOT_FOUND)', async () => {
    const unrestricted = await createUser(org.apiKey, 'VIEWER');
    const inB = await createUser(org.apiKey, 'VIEWER', [locationB]);
    const inA = await createUser(org.apiKey, 'VIEWER', [locationA]);
    const list = await t.rest('GET', '/v1/users', undefined, limitedOwnerKey);
    const ids = list.body.map((u: { id: string }) => u.id);
    expect(ids).toContain(inA.id);
    expect(ids).not.toContain(unrestricted.id);
    expect(ids).not.toContain(inB.id);
    for (const target of [unrestricted.id, inB.id]) {
      expect((await t.rest('GET', `/v1/users/${target}`, undefined, limitedOwnerKey)).status).toBe(404);
      expect((await t.rest('PATCH', `/v1/users/${target}`, { role: 'MEMBER' }, limitedOwnerKey)).status).toBe(404);
      expect((await gql(REMOVE_USER, { id: target }, limitedOwnerKey)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect((await t.rest('PATCH', `/v1/users/${inA.id}`, { role: 'MEMBER' }, limitedOwnerKey)).body.role).toBe('MEMBER');
  });
});

describe('removing a user and tenancy', () => {
  it('removal answers 204, stops the user’s keys at once and keeps what it created', async () => {
    const member = await createUser(org.apiKey, 'MEMBER');
    const wf = await t.rest('POST', '/v1/workflows', { input: { locationId: locationA, name: 'Kept', definition: nativeWorkflow('Kept') } }, member.key);
    expect(wf.status).toBe(201);
    const removed = await t.rest('DELETE', `/v1/users/${member.id}`, undefined, org.apiKey);
    expect(removed.status).toBe(204);
    expect((await t.rest('GET', '/v1/me', undefined, member.key)).status).toBe(401);
    expect((await t.rest('GET', `/v1/users/${member.id}`, undefined, org.apiKey)).status).toBe(404);
    expect((await t.rest('DELETE', `/v1/users/${member.id}`, undefined, org.apiKey)).status).toBe(404);
    expect((await t.rest('GET', `/v1/workflows/${wf.body.id}`, undefined, org.apiKey)).status).toBe(200);
  });

  it('another organization’s user is NOT_FOUND on every operation, and stays as it was', async () => {
    const target = other.user.id;
    expect((await t.rest('GET', `/v1/users/${target}`, undefined, org.apiKey)).status).toBe(404);
    expect((await t.rest('PATCH', `/v1/users/${target}`, { role: 'VIEWER' }, org.apiKey)).status).toBe(404);
    expect((await t.rest('DELETE', `/v1/users/${target}`, undefined, org.apiKey)).status).toBe(404);
    expect((await gql(UPDATE_ROLE, { id: target, role: 'VIEWER' }, org.apiKey)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const list = await t.rest('GET', '/v1/users', undefined, org.apiKey);
    expect(list.body.map((u: { id: string }) => u.id)).not.toContain(target);
    const theirs = await t.rest('GET', '/v1/me', undefined, other.apiKey);
    expect(theirs.body.role).toBe('OWNER');
  });
});
