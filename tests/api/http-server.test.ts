import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startRuntime, type Runtime } from '../../src/runtime.js';
import { createOrganization, type CreatedOrganization } from '../../src/services/organizations.js';
import { createTestDatabase } from '../support/database.js';
import { expectClientError } from '../support/hostile.js';

/** The real node:http server on a free port: what only a socket can send. */
let runtime: Runtime;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let org: CreatedOrganization;
let port: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'silent', KEEP_ALIVE_TIMEOUT_MS: '7000' });
  runtime = await startRuntime(config, createLogger('silent'));
  port = Number(new URL(runtime.url).port);
  org = await createOrganization(runtime.orm.em.fork(), { name: 'Sockets', tier: 'PRO', locationName: 'Main', ownerEmail: 'sockets@example.test' });
});
afterAll(async () => {
  await runtime?.stop();
  await db?.drop();
});

function send(raw: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(raw));
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? '')?.[1]), body: rest.join('\r\n\r\n') });
    });
  });
}

describe('request targets', () => {
  it('an absolute-form request line is served as its path (it answered 500 "Invalid URL")', async () => {
    const anonymous = await send('GET http://other.example/v1/me HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n');
    expectClientError(anonymous.status, anonymous.body, 401);
    const keyed = await send(`GET http://other.example/v1/me HTTP/1.1\r\nHost: other.example\r\nAuthorization: Bearer ${org.apiKey}\r\nConnection: close\r\n\r\n`);
    expect(keyed.status).toBe(200);
    expect(keyed.body).toContain('Sockets');
  });

  it('a target that is neither a path nor an http URL is 400 without a stack', async () => {
    for (const target of ['v1/me', 'ftp://x/v1/me', 'http://[bad/v1']) {
      const res = await send(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expectClientError(res.status, res.body, 400);
    }
  });
});

describe('keep-alive', () => {
  it('keeps idle connections for KEEP_ALIVE_TIMEOUT_MS, with headersTimeout above it', () => {
    expect(runtime.server.keepAliveTimeout).toBe(7000);
    expect(runtime.server.headersTimeout).toBeGreaterThan(runtime.server.keepAliveTimeout);
    expect(loadConfig({}).KEEP_ALIVE_TIMEOUT_MS).toBe(65_000);
  });
});
