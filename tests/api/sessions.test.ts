import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { createTestApp, type TestApp } from '../support/app.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/**
 * Every instance keeps the API keys it resolved (src/cache/sessions.ts), so that a request needs
 * no SQL to know its caller; what changes a key's meaning is broadcast through Redis and applies
 * to the very next request on every instance (two instances sharing PostgreSQL and Redis here).
 */

let a: TestApp;
let b: TestApp;
let org: CreatedOrganization;
let counted: Orm;
const statements: string[] = [];

beforeAll(async () => {
  a = await createTestApp({}, { redis: true });
  b = await a.sibling();
  org = await a.tenant();
  counted = await openOrm({ url: a.config.DATABASE_URL!, poolMax: 2, onQuery: (sql) => statements.push(sql) });
});
afterAll(async () => {
  await counted?.close(true);
  await a?.close();
});

const VIEWER = '{ viewer { role tier } }';

describe('resolved keys', () => {
  it('a key is looked up once per instance, not on every request', async () => {
    const app = createApp({ config: a.config, orm: counted, log: createLogger('silent') });
    try {
      const ask = () =>
        app.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${org.apiKey}` }, body: JSON.stringify({ query: '{ locations { id } }' }) });
      statements.length = 0;
      for (let i = 0; i < 5; i++) expect((await ask()).status).toBe(200);
      expect(statements.filter((sql) => sql.includes('from api_keys')).length).toBe(1);
    } finally {
      await app.dispose();
    }
  });

  it('a role change on one instance applies to the next request on the other', async () => {
    const created = await a.graphql<{ createUser: { apiKey: string; user: { id: string } } }>(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { apiKey user { id } } }',
      { i: { email: `role-${crypto.randomUUID().slice(0, 8)}@example.test`, role: 'MEMBER' } },
      org.apiKey,
    );
    const { apiKey, user } = created.body.data!.createUser;
    expect((await b.graphql(VIEWER, {}, apiKey)).body.data).toEqual({ viewer: { role: 'MEMBER', tier: org.organization.tier } });
    const changed = await a.graphql('mutation($id: ID!) { updateUserRole(id: $id, role: VIEWER) { role } }', { id: user.id }, org.apiKey);
    expect(changed.body.errors).toBeUndefined();
    expect((await b.graphql(VIEWER, {}, apiKey)).body.data).toEqual({ viewer: { role: 'VIEWER', tier: org.organization.tier } });
  });

  it('a key revoked on one instance is refused by the next request on the other', async () => {
    const created = await a.graphql<{ createApiKey: { key: string; apiKey: { id: string } } }>('mutation { createApiKey(input: { name: "short-lived" }) { key apiKey { id } } }', {}, org.apiKey);
    const { key, apiKey } = created.body.data!.createApiKey;
    expect((await b.graphql(VIEWER, {}, key)).status).toBe(200);
    await a.graphql(`mutation { revokeApiKey(id: "${apiKey.id}") { id } }`, {}, org.apiKey);
    const refused = await b.graphql(VIEWER, {}, key);
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a location created on one instance is visible to the next request on the other', async () => {
    type Locations = { viewer: { locations: { id: string }[] } };
    expect((await b.graphql<Locations>('{ viewer { locations { id } } }', {}, org.apiKey)).body.data!.viewer.locations).toHaveLength(1);
    const created = await a.graphql<{ createLocation: { id: string } }>('mutation { createLocation(input: { name: "New site" }) { id } }', {}, org.apiKey);
    const ids = (await b.graphql<Locations>('{ viewer { locations { id } } }', {}, org.apiKey)).body.data!.viewer.locations.map((l) => l.id);
    expect(ids).toContain(created.body.data!.createLocation.id);
  });
});
