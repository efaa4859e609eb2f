#!/usr/bin/env node
/**
 * `workflow-health <command> …`: one small table of commands. Each command module is imported
 * only when run, so `analyze` (pure, fast) never loads the database or the GraphQL schema.
 */
import { enableCompileCache } from '../compile-cache.js';
import { loadDotEnv } from '../env-file.js';
import { wantsColor } from './colors.js';

type CommandRunner = (
  argv: string[],
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; isTTY: boolean; color: boolean },
) => Promise<number>;

interface Command {
  summary: string;
  load: () => Promise<CommandRunner>;
}

const COMMANDS: Record<string, Command> = {
  analyze: {
    summary: 'analyse workflow files and print their health score',
    load: async () => (await import('./analyze.js')).runAnalyze,
  },
  admin: {
    summary: 'create organizations, change tiers, create an API key for a user',
    load: async () => (await import('./admin.js')).runAdmin,
  },
  migrate: {
    summary: 'apply, revert or list database migrations',
    load: async () => (await import('./migrate.js')).runMigrate,
  },
  'print-schema': {
    summary: 'print the GraphQL schema (SDL), or with --openapi the REST OpenAPI document',
    load: async () => (await import('./print-schema.js')).runPrintSchema,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: workflow-health <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "workflow-health <command> --help" for a command's options.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  // hasOwn: `workflow-health constructor` must not find Object.prototype's members.
  const command = name === undefined || !Object.hasOwn(COMMANDS, name) ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write(`${name === undefined ? 'Missing command' : `Unknown command "${name}"`}\n\n${usage()}`);
    return 2;
  }
  // DATABASE_URL, DATA_DIR… from `.env` too, as for the server.
  loadDotEnv();
  const run = await command.load();
  const color = wantsColor(process.stdout, process.env);
  return run(rest, { stdout: process.stdout, stderr: process.stderr, isTTY: process.stderr.isTTY === true, color });
}

// `… | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// Before any command module is loaded (they are imported on demand).
enableCompileCache();

// exitCode rather than exit(): a large --json document piped to another program must be flushed.
process.exitCode = await main(process.argv.slice(2));
