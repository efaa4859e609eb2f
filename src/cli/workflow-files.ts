import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export class MissingPathError extends Error {}

/**
 * The files named on the command line, with folders walked recursively for `*.json` (in sorted
 * order, so output and exit codes do not depend on the file system's listing order). A file
 * named explicitly is taken whatever its extension. Hidden folders and node_modules are skipped.
 */
export async function collectWorkflowFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => undefined);
    if (!info) throw new MissingPathError(`no such file or folder: ${given}`);
    if (info.isDirectory()) files.push(...(await walk(given)));
    else files.push(given);
  }
  return [...new Set(files)];
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      files.push(...(await walk(full)));
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) {
      files.push(full);
    }
  }
  return files;
}
