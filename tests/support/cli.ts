import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** tsx's loader by absolute URL, so a run whose cwd is outside the repo still finds it. */
const TSX_LOADER = pathToFileURL(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('tsx')).href;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `workflow-health …` as a user does: a separate Node process, from TypeScript through tsx
 * (as `npm run cli`), or from a compiled entry when `entry` names one. Never rejects: the exit
 * code is part of what the tests check. A run that hangs is killed after `timeoutMs`.
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; entry?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  const nodeArgs = options.entry ? [options.entry, ...args] : ['--import', TSX_LOADER, path.join(REPO_ROOT, 'src/cli/index.ts'), ...args];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      nodeArgs,
      {
        cwd: options.cwd ?? REPO_ROOT,
        env: { ...process.env, NO_COLOR: '', ...options.env },
        maxBuffer: 256 * 1024 * 1024,
        timeout: options.timeoutMs ?? 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : error.killed ? -1 : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
