import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../support/database.js';

/** Starts `src/server.ts` as a real process and waits for its "listening" log line. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const match = /"msg":"listening"/.test(stdout) && /"url":"(http:\/\/[^"]+)"/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}${stdout}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => stdout + stderr };
}

describe('the server process', () => {
  let db: { url: string; drop(): Promise<void> };
  let server: ReturnType<typeof startServer> & { child: ChildProcess };
  let url: string;

  beforeAll(async () => {
    db = await createEmptyDatabase();
    server = startServer({ NODE_ENV: 'development', DATABASE_URL: db.url, MIGRATE_ON_START: 'true' });
    url = await server.ready;
  }, 60_000);
  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await db.drop();
  });

  it('migrates an empty database, seeds the demo organization and prints a key that works', async () => {
    const key = /(whk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43})/.exec(server.output())?.[1];
    expect(key).toBeDefined();
    expect(server.output()).toContain(`curl -s ${url}/graphql`);
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ viewer { organization { name } locations { name } } }' }),
    });
    const body = await res.json();
    expect(body.data.viewer.organization.name).toBe('Demo Agency');
    expect(body.data.viewer.locations).toHaveLength(2);
    // The key is printed once on the terminal banner, never inside a JSON log line.
    const logLines = server.output().split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.some((l) => l.includes(key!))).toBe(false);
  });

  it('answers the probes', async () => {
    expect((await fetch(`${url}/live`)).status).toBe(200);
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });

  it('finishes a request in flight on SIGTERM, then exits 0 within 10 s', async () => {
    const { port } = new URL(url);
    const body = JSON.stringify({ query: '{ __typename }' });
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const response = new Promise<string>((resolve) => {
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('close', () => resolve(data));
    });
    // Headers and half of the body: the request is in flight when the signal arrives.
    socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
    socket.write(body.slice(0, 5));
    await new Promise((r) => setTimeout(r, 200));
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    // The rest of the body, without half-closing: a client FIN makes node:http drop a request
    // whose answer needs I/O after the body ended (here the response cache's Redis look-up).
    socket.write(body.slice(5));

    expect(await response).toMatch(/^HTTP\/1\.1 200[\s\S]*"__typename":"Query"/);
    expect(await server.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(server.output()).toContain('"msg":"stopped"');
  }, 20_000);

  it('a second start on the same database prints no key, but how to get one', async () => {
    const again = startServer({ NODE_ENV: 'development', DATABASE_URL: db.url });
    try {
      await again.ready;
      expect(again.output()).not.toMatch(/whk_/);
      expect(again.output()).toContain('npm run cli -- admin create-key --email owner@demo.invalid');
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  }, 30_000);
});

/** Sends a raw HTTP/1.1 request on its own keep-alive socket; resolves with everything read until the socket closes. */
function rawRequest(port: number, request: string): { written: Promise<void>; answer: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  let data = '';
  socket.on('data', (d) => (data += d));
  const answer = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(data));
    socket.on('error', (e) => resolve(`${data}\nSOCKET ERROR ${(e as NodeJS.ErrnoException).code}`));
  });
  const written = new Promise<void>((resolve) => socket.once('connect', () => socket.write(request, () => resolve())));
  return { written, answer };
}

describe('graceful shutdown of a busy server', () => {
  it('answers every request that arrived before SIGTERM, with Connection: close, closes idle sockets at once and exits as soon as it drained', async () => {
    const db = await createEmptyDatabase();
    const server = startServer({ NODE_ENV: 'development', DATABASE_URL: db.url, SHUTDOWN_TIMEOUT_MS: '8000' });
    try {
      const url = await server.ready;
      const port = Number(new URL(url).port);
      const key = /(whk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43})/.exec(server.output())![1]!;
      // Each request analyses a 2,000-node workflow (tens of ms of CPU): twelve keep the server busy.
      const nodes = Array.from({ length: 2000 }, (_, i) => ({ id: `n${i}`, name: `Step ${i}`, kind: i === 0 ? 'TRIGGER' : 'ACTION', type: i === 0 ? 'schedule' : 'http' }));
      const edges = nodes.slice(1).map((n, i) => ({ from: `Step ${i}`, to: n.name }));
      const body = JSON.stringify({
        query: 'mutation($d: JSON!) { analyzeDefinition(input: { definition: $d, format: NATIVE }) { healthScore nodeCount } }',
        variables: { d: { format: 'native', version: 1, name: 'Busy', nodes, edges } },
      });
      const request = `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${key}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

      const idle = rawRequest(port, `GET /live HTTP/1.1\r\nHost: x\r\n\r\n`);
      await idle.written;
      await new Promise((r) => setTimeout(r, 200)); // answered: the socket is now idle, kept alive
      const N = 12;
      const calls = Array.from({ length: N }, () => rawRequest(port, request));
      await Promise.all(calls.map((c) => c.written));
      const signalledAt = Date.now();
      server.child.kill('SIGTERM');

      const answers = await Promise.all(calls.map((c) => c.answer));
      for (const answer of answers) {
        expect(answer).toMatch(/^HTTP\/1\.1 200 /);
        expect(answer).toMatch(/"nodeCount":2000/);
        expect(answer).not.toContain('SOCKET ERROR');
      }
      // Those still waiting when the drain began were told the connection closes.
      expect(answers.filter((a) => /\r\nconnection: close\r\n/i.test(a)).length).toBeGreaterThan(0);
      expect(await idle.answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(await server.exited).toBe(0);
      // It exited because the drain ended, not because the deadline cut it short.
      expect(server.output()).not.toContain('shutdown deadline reached');
      expect(Date.now() - signalledAt).toBeLessThan(8000);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await db.drop();
    }
  }, 60_000);
});

describe('configuration', () => {
  it('exits at start with a message naming the bad variable', async () => {
    const server = startServer({ PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
    await expect(server.ready).rejects.toThrow();
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT');
    expect(server.output()).toContain('DATABASE_URL');
  });
});
