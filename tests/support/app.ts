import { randomBytes } from 'node:crypto';
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openOrm, type Orm } from '../../src/db/orm.js';
import { createApp, type App } from '../../src/app.js';
import { createOrganization, type CreatedOrganization } from '../../src/services/organizations.js';
import type { Tier } from '../../src/db/entities/enums.js';
import { createTestDatabase } from './database.js';
import { assertDocumented } from './openapi-validator.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-' + 'x'.repeat(24);

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }> };
}

export interface RestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestApp {
  app: App;
  orm: Orm;
  config: Config;
  /**
   * POST /graphql in-process; `key` becomes `Authorization: Bearer <key>`. A typed document from
   * tests/generated (codegen) types the variables and the data.
   */
  graphql<T, V>(query: DocumentTypeDecoration<T, V>, variables: V, key?: string): Promise<GraphQLResponse<T>>;
  graphql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResponse<T>>;
  /**
   * A REST /v1 call in-process: `body` is sent as JSON (a string is sent as it is, to test
   * malformed bodies); `key` becomes `Authorization: Bearer <key>`; `headers` are added. The JSON
   * answer is parsed, and checked against the OpenAPI document (status, headers, body schema):
   * a contradiction fails the test.
   */
  rest<T = any>(method: string, path: string, body?: unknown, key?: string, headers?: Record<string, string>): Promise<RestResponse<T>>;
  /** A new organization (its own tenant) with an OWNER key. */
  tenant(tier?: Tier): Promise<CreatedOrganization>;
  close(): Promise<void>;
}

/** The app on its own fresh database, called in-process with `app.fetch` (no port needed). */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, LOG_LEVEL: 'silent', ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...env });
  const orm = await openOrm({ url: db.url, poolMax: 4 });
  const app = createApp({ config, orm, log: createLogger('silent'), redis: null });
  return {
    app,
    orm,
    config,
    async graphql(query: unknown, variables?: unknown, key?: string) {
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query: String(query), variables }),
      });
      return { status: response.status, headers: response.headers, body: await response.json() } as never;
    },
    async rest(method: string, path: string, body?: unknown, key?: string, headers?: Record<string, string>) {
      const response = await app.fetch(`http://test${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: left as text
      }
      assertDocumented(method, path, response.status, response.headers, parsed);
      return { status: response.status, headers: response.headers, body: parsed as never };
    },
    tenant(tier: Tier = 'PRO') {
      const suffix = randomBytes(4).toString('hex');
      return createOrganization(orm.em.fork(), {
        name: `Org ${suffix}`,
        tier,
        locationName: `Location ${suffix}`,
        ownerEmail: `owner-${suffix}@example.test`,
      });
    },
    async close() {
      await orm.close(true);
      await db.drop();
    },
  };
}
