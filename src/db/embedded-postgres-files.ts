/**
 * File-system side of the embedded PostgreSQL launcher: who owns the data folder, where the
 * Unix socket goes, and what a leftover `postmaster.pid` means. Kept apart from the process
 * handling in `embedded-postgres.ts`.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Log = (msg: string, extra?: object) => void;

/** The user the server runs as: ourselves, or `nobody` when we are root (postgres refuses root). */
export interface ServerUser {
  uid: number;
  gid: number;
}

export const NOBODY: ServerUser = { uid: 65534, gid: 65534 };

/** sockaddr_un.sun_path is 108 bytes on Linux, including the terminating NUL. */
const MAX_SOCKET_PATH = 107;

export function socketFile(dir: string, port: number): string {
  return path.join(dir, `.s.PGSQL.${port}`);
}

/**
 * Hands the data folder to the server user. Every ancestor must be searchable by that user
 * (postgres chdir's into the folder): missing `o+x` bits are added, search only (no listing),
 * and each change is logged. The folder itself is chowned recursively when its owner differs,
 * which happens on the first start and after the folder was copied around as root.
 */
export async function prepareDataDir(dataDir: string, user: ServerUser | null, log: Log): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (!user) return;
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const st = await fs.stat(dir);
    const searchable = st.uid === user.uid ? st.mode & 0o100 : st.gid === user.gid ? st.mode & 0o010 : st.mode & 0o001;
    if (!searchable) {
      await fs.chmod(dir, (st.mode & 0o7777) | 0o001);
      log(`made ${dir} searchable (o+x) so the PostgreSQL user (uid ${user.uid}) can reach its data`, { dir });
    }
    if (dir === path.dirname(dir)) break;
  }
  const st = await fs.stat(dataDir);
  if (st.uid !== user.uid || st.gid !== user.gid) await chownRecursive(dataDir, user);
}

async function chownRecursive(target: string, user: ServerUser): Promise<void> {
  await fs.lchown(target, user.uid, user.gid);
  const st = await fs.lstat(target);
  if (!st.isDirectory()) return;
  for (const entry of await fs.readdir(target)) await chownRecursive(path.join(target, entry), user);
}

/**
 * The socket lives in the data folder itself, so two data folders never share a socket and a
 * fixed port number cannot clash. When that path would be too long for a Unix socket, a short
 * folder under the system temp dir is used instead, named after a hash of the data folder (so
 * it stays distinct per data folder) and owned by the server user only.
 */
export async function chooseSocketDir(dataDir: string, port: number, user: ServerUser | null, log: Log): Promise<string> {
  if (Buffer.byteLength(socketFile(dataDir, port)) <= MAX_SOCKET_PATH) return dataDir;
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), `wh-pg-${hash}`);
  if (Buffer.byteLength(socketFile(dir, port)) > MAX_SOCKET_PATH) {
    throw new Error(`Unix socket path too long even under the temp dir: ${socketFile(dir, port)}`);
  }
  await fs.mkdir(dir, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  const st = await fs.lstat(dir);
  // The temp dir is shared with other users: refuse a folder (or symlink) someone else planted.
  if (!st.isDirectory() || ![process.getuid?.(), user?.uid].includes(st.uid)) {
    throw new Error(`${dir} exists but is not a folder owned by us; remove it`);
  }
  if (user && (st.uid !== user.uid || st.gid !== user.gid)) await fs.chown(dir, user.uid, user.gid);
  await fs.chmod(dir, 0o700);
  log(`data folder path is too long for a Unix socket; using socket folder ${dir}`, { socketDir: dir, dataDir });
  return dir;
}

/** A PostgreSQL already serving a data folder, as its `postmaster.pid` describes it. */
export interface RunningServer {
  pid: number;
  port: number;
  /** Where its Unix socket is (`unix_socket_directories`), or null when the file does not say. */
  socketDir: string | null;
}

/**
 * Deals with a `postmaster.pid` left in the data folder. Postgres itself ignores one whose pid is
 * dead, but refuses when the pid was since reused by any other process (common in containers,
 * where pids restart low), so we look for ourselves:
 * - pid dead, or alive but not a postgres of this folder: the file is stale, remove it (null);
 * - a postgres of this folder is running: return it. The caller decides whether to connect to it
 *   (a CLI command next to a running dev server) or to refuse (a second server).
 */
export async function findRunningServer(dataDir: string, log: Log): Promise<RunningServer | null> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let text: string;
  try {
    text = await fs.readFile(pidFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  // Lines: pid, data folder, start time, port, socket folder, listen address, shmem key, status.
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (pid > 0 && isAlive(pid) && (await isPostgresOf(pid, dataDir))) {
    return { pid, port: Number.parseInt(lines[3] ?? '', 10), socketDir: lines[4]?.trim() || null };
  }
  await fs.rm(pidFile, { force: true });
  log(`removed stale postmaster.pid (pid ${Number.isNaN(pid) ? '?' : pid} is not a running PostgreSQL of this folder)`, { pid });
  return null;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every postgres process runs with the data folder as its working directory. */
async function isPostgresOf(pid: number, dataDir: string): Promise<boolean> {
  try {
    const [cwd, cmdline] = await Promise.all([fs.readlink(`/proc/${pid}/cwd`), fs.readFile(`/proc/${pid}/cmdline`, 'utf8')]);
    return cwd === (await fs.realpath(dataDir)) && cmdline.includes('postgres');
  } catch (e) {
    // Unreadable (another user's process, no /proc): assume it is one, as postgres would.
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}
