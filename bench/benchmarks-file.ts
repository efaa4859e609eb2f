import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FILE = path.resolve(import.meta.dirname, '..', 'BENCHMARKS.md');

/** Replaces the `## <heading>` section of BENCHMARKS.md (or appends it), leaving the other sections as they are. */
export function writeSection(section: string, heading: string): void {
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmarks\n';
  const title = `## ${heading}`;
  const start = current.search(new RegExp(`^${title}\\s*$`, 'm'));
  let next;
  if (start < 0) next = `${current.trimEnd()}\n\n${section}`;
  else {
    const after = current.slice(start + title.length).search(/^## /m);
    next = current.slice(0, start) + section + (after < 0 ? '' : `\n${current.slice(start + title.length + after)}`);
  }
  writeFileSync(FILE, `${next.trimEnd()}\n`);
}

/** One line naming the machine a figure was measured on (the PostgreSQL version comes from the caller's connection). */
export function describeMachine(postgresVersion: string): string {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? '?';
  return `${os.availableParallelism()} CPUs (nproc), ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, PostgreSQL ${postgresVersion}, ${os.type()} ${os.release()}`;
}
