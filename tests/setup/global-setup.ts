import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { migrateUp, openOrm } from '../../src/db/orm.js';
import { databaseUrl } from './database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL with rights to create databases (DATABASE_URL, or the embedded server). */
    dbAdminUrl: string;
    /** A migrated database that each test file clones (`create database … template …`). */
    dbTemplate: string;
    /** Redis for tests, or '' when none is reachable outside CI. */
    redisUrl: string;
  }
}

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set, else an embedded server in a temp
 * folder. A migrated template database is made once; every test file gets its own copy, so
 * files run in parallel without sharing rows.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgres | null = null;
  let dataDir: string | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'wh-test-pg-'));
    const { startEmbeddedPostgres } = await import('../../src/db/embedded-postgres.js');
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
    adminUrl = embedded.connectionUrl('postgres');
  }

  const template = `wh_template_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const orm = await openOrm({ url: databaseUrl(adminUrl, template), poolMax: 2 });
  await migrateUp(orm);
  await orm.close(true);

  project.provide('dbAdminUrl', adminUrl);
  project.provide('dbTemplate', template);
  project.provide('redisUrl', await findRedis());

  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`).catch(() => undefined);
    await admin.end();
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}

/** REDIS_URL, else the local default if it answers. Under CI a missing Redis fails the run. */
async function findRedis(): Promise<string> {
  const candidate = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const { Redis } = await import('ioredis');
  const client = new Redis(candidate, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
    return candidate;
  } catch (error) {
    if (process.env.CI === 'true' || process.env.REDIS_URL) {
      throw new Error(`Redis is required for the tests (CI=true or REDIS_URL set) but ${candidate} does not answer: ${(error as Error).message}`);
    }
    return '';
  } finally {
    client.disconnect();
  }
}
