import { spawn, spawnSync } from 'node:child_process';
import { existsSync, promises as fs, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from '../../src/db/embedded-postgres.js';

// Real initdb and postgres processes, one temporary data folder per test. As root (here and in
// CI containers) the server runs as uid 65534, so that path is exercised too.

const running: EmbeddedPostgres[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newDataDir(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'wh-epg-'));
  tempDirs.push(root);
  return path.join(root, 'postgres');
}

async function start(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres(opts);
  running.push(server);
  return server;
}

async function stop(server: EmbeddedPostgres): Promise<void> {
  running.splice(running.indexOf(server), 1);
  await server.stop();
}

async function query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Pids of every process (postmaster and its children) working in `dataDir`. */
function processesIn(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === dataDir) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded PostgreSQL launcher', () => {
  it('initialises an empty folder and answers over a Unix socket only', async () => {
    const dataDir = newDataDir();
    const messages: string[] = [];
    const server = await start({ dataDir, log: (msg) => messages.push(msg) });
    // The readiness poll waits for the server's "ready" line: no "the database system is
    // starting up" refusal in the server's own log on a normal start.
    expect(messages.filter((m) => /FATAL|ERROR/.test(m))).toEqual([]);

    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(server.socketDir).toBe(dataDir);
    expect(existsSync(path.join(server.socketDir, `.s.PGSQL.${server.port}`))).toBe(true);
    const [row] = await query(server.connectionUrl(), "select 1 as one, current_setting('listen_addresses') as listen, current_user as who");
    expect(row).toEqual({ one: 1, listen: '', who: 'postgres' });
    if (process.getuid?.() === 0) expect(statSync(dataDir).uid).toBe(65534);
  });

  it('restarts on existing data, keeps it, and skips initdb', async () => {
    const dataDir = newDataDir();
    const first = await start({ dataDir });
    await query(first.connectionUrl(), "create table kept (v text); insert into kept values ('still here')");
    await stop(first);

    const messages: string[] = [];
    const t0 = performance.now();
    const second = await start({ dataDir, log: (msg) => messages.push(msg) });
    const restartMs = performance.now() - t0;

    expect(await query(second.connectionUrl(), 'select v from kept')).toEqual([{ v: 'still here' }]);
    expect(messages.some((m) => m.includes('initialising'))).toBe(false);
    expect(restartMs).toBeLessThan(3000);
  });

  it('stop() leaves no postgres process behind and removes the pid file', async () => {
    const dataDir = newDataDir();
    const server = await start({ dataDir });
    // Hold a connection open: fast shutdown must still end it.
    const client = new pg.Client({ connectionString: server.connectionUrl() });
    client.on('error', () => undefined);
    await client.connect();
    const pids = processesIn(dataDir);
    expect(pids).toContain(server.pid);
    expect(pids.length).toBeGreaterThan(1); // postmaster + checkpointer, walwriter, our backend…

    await stop(server);

    expect(pids.filter(alive)).toEqual([]);
    expect(processesIn(dataDir)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    await client.end().catch(() => undefined);
  });

  it('recovers from a stale postmaster.pid, whether its pid is dead or reused by another process', async () => {
    const dataDir = newDataDir();
    await stop(await start({ dataDir }));
    const pidFile = path.join(dataDir, 'postmaster.pid');
    const template = (pid: number) => `${pid}\n${dataDir}\n1700000000\n5433\n${dataDir}\n\n  5433001         0\nready   \n`;

    const dead = spawnSync('true').pid!;
    await fs.writeFile(pidFile, template(dead));
    const afterDeadPid = await start({ dataDir });
    expect(await query(afterDeadPid.connectionUrl(), 'select 1 as ok')).toEqual([{ ok: 1 }]);
    await stop(afterDeadPid);

    // A live process of the server's own user holds the pid (pids get reused after a reboot or in
    // a new container): postgres alone refuses this case with "lock file already exists".
    const sleeper = spawn('sleep', ['60'], process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {});
    try {
      await fs.writeFile(pidFile, template(sleeper.pid!));
      const afterReusedPid = await start({ dataDir });
      expect(await query(afterReusedPid.connectionUrl(), 'select 1 as ok')).toEqual([{ ok: 1 }]);
      expect(alive(sleeper.pid!)).toBe(true);
    } finally {
      sleeper.kill();
    }
  });

  it('refuses to start a second server on a folder that is already served', async () => {
    const dataDir = newDataDir();
    const server = await start({ dataDir });

    await expect(start({ dataDir })).rejects.toThrow(`PostgreSQL is already running on ${dataDir} (pid ${server.pid})`);
    expect(await query(server.connectionUrl(), 'select 1 as ok')).toEqual([{ ok: 1 }]);
  });

  it('with attach, connects to the server already running on the folder and leaves it running on stop()', async () => {
    const dataDir = newDataDir();
    const server = await start({ dataDir });
    const attached = await startEmbeddedPostgres({ dataDir, attach: true });

    expect(attached).toMatchObject({ attached: true, pid: server.pid, socketDir: server.socketDir, port: server.port });
    expect(await query(attached.connectionUrl(), 'select 1 as ok')).toEqual([{ ok: 1 }]);
    await attached.stop();
    expect(alive(server.pid)).toBe(true);
    expect(await query(server.connectionUrl(), 'select 1 as ok')).toEqual([{ ok: 1 }]);
  });

  it("rejects with the server's own complaint when it cannot start, and leaves no process", async () => {
    const dataDir = newDataDir();
    await stop(await start({ dataDir }));
    await fs.appendFile(path.join(dataDir, 'postgresql.conf'), "\nmax_connections = 'lots'\n");

    const error = await startEmbeddedPostgres({ dataDir }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/PostgreSQL failed to start/);
    expect(error?.message).toContain('invalid value for parameter "max_connections": "lots"');
    expect(processesIn(dataDir)).toEqual([]);
  });

  it('reports a data folder that initdb cannot use', async () => {
    const dataDir = newDataDir();
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(path.join(dataDir, 'notes.txt'), 'not a database');

    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/initdb failed[\s\S]*exists but is not empty/);
  });

  it('puts the socket in a short per-folder temp dir when the data path is too long for a socket', async () => {
    const dataDir = path.join(newDataDir(), 'a-rather-long-folder-name-to-push-the-socket-path', 'past-the-unix-limit');
    const messages: string[] = [];
    const server = await start({ dataDir, log: (msg) => messages.push(msg) });

    expect(server.socketDir.startsWith(os.tmpdir())).toBe(true);
    expect(server.socketDir.startsWith(dataDir)).toBe(false);
    expect(messages.some((m) => m.includes('too long for a Unix socket'))).toBe(true);
    expect(await query(server.connectionUrl('template1'), 'select current_database() as db')).toEqual([{ db: 'template1' }]);
    tempDirs.push(server.socketDir);
  });

  it('gives up after startTimeoutMs with the last connection error, and stops the server', async () => {
    const dataDir = newDataDir();
    await stop(await start({ dataDir }));
    // Keep the server from ever accepting logins: every new connection is refused.
    await fs.writeFile(path.join(dataDir, 'pg_hba.conf'), 'local all all reject\n');

    const error = await startEmbeddedPostgres({ dataDir, startTimeoutMs: 1500 }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/did not accept connections within 1500 ms/);
    expect(error?.message).toContain('pg_hba.conf rejects connection');
    expect(processesIn(dataDir)).toEqual([]);
    expect(readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim()).toBe('18');
  });
});
