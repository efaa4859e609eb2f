import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export class MissingPathError extends Error {}

/** A path the CLI will not read, and why (a FIFO would block forever, /dev/zero never ends). */
export interface SkippedPath {
  file: string;
  reason: string;
}

export interface CollectedFiles {
  files: string[];
  skipped: SkippedPath[];
}

/**
 * The files named on the command line, with folders walked recursively for `*.json` (in sorted
 * order, so output and exit codes do not depend on the file system's listing order). A file
 * named explicitly is taken whatever its extension. Hidden folders and node_modules are skipped.
 * Only regular files are taken (a symbolic link counts as what it points to); anything else —
 * FIFO, socket, device, broken link — is listed in `skipped` with the reason.
 */
export async function collectWorkflowFiles(paths: readonly string[]): Promise<CollectedFiles> {
  const found: CollectedFiles = { files: [], skipped: [] };
  for (const given of paths) {
    const info = await stat(given).catch(() => undefined);
    if (!info) throw new MissingPathError(`no such file or folder: ${given}`);
    if (info.isDirectory()) await walk(given, found);
    else if (info.isFile()) found.files.push(given);
    else found.skipped.push({ file: given, reason: notRegular(info) });
  }
  found.files = [...new Set(found.files)];
  return found;
}

async function walk(dir: string, found: CollectedFiles): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      await walk(full, found);
      continue;
    }
    if (!entry.name.toLowerCase().endsWith('.json')) continue;
    if (entry.isFile()) {
      found.files.push(full);
      continue;
    }
    // A linked folder is not followed (no cycles); a linked file is taken when it is a regular one.
    const target = entry.isSymbolicLink() ? await stat(full).catch(() => undefined) : undefined;
    if (target?.isFile()) found.files.push(full);
    else found.skipped.push({ file: full, reason: target ? notRegular(target) : describeEntry(entry) });
  }
}

/** Why a path that exists is not read. */
export function notRegular(info: Stats): string {
  if (info.isFIFO()) return 'not a regular file (a FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'not a regular file (a device)';
  if (info.isSocket()) return 'not a regular file (a socket)';
  if (info.isDirectory()) return 'not a regular file (a folder)';
  return 'not a regular file';
}

function describeEntry(entry: Dirent): string {
  if (entry.isSymbolicLink()) return 'a broken symbolic link';
  if (entry.isFIFO()) return 'not a regular file (a FIFO)';
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return 'not a regular file (a device)';
  if (entry.isSocket()) return 'not a regular file (a socket)';
  return 'not a regular file';
}
