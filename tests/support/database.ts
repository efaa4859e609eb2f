import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrl } from '../setup/database-url.js';

/**
 * A fresh, migrated database for one test file, cloned from the run's template (~100 ms).
 * Call `drop()` in afterAll.
 */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const adminUrl = inject('dbAdminUrl');
  const name = `wh_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`create database ${name} template ${inject('dbTemplate')}`));
  return {
    url: databaseUrl(adminUrl, name),
    name,
    drop: () => withAdmin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/** An empty database (not migrated), for migration tests. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('dbAdminUrl');
  const name = `wh_empty_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`create database ${name}`));
  return {
    url: databaseUrl(adminUrl, name),
    drop: () => withAdmin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  // Template cloning fails while another session is connected to the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } catch (error) {
      if (attempt < 20 && /being accessed by other users/.test((error as Error).message)) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      throw error;
    } finally {
      await client.end();
    }
  }
}
