import { writeFileSync } from 'node:fs';
import { printSchemaSDL } from '../schema/index.js';
import type { CliIO } from './admin.js';

/** `print-schema [--write]`: prints the SDL, or writes schema.graphql (the committed contract). */
export async function runPrintSchema(argv: string[], io: CliIO): Promise<number> {
  const sdl = printSchemaSDL();
  if (argv.includes('--write')) {
    writeFileSync(new URL('../../schema.graphql', import.meta.url), sdl);
    io.stdout.write('schema.graphql written\n');
  } else {
    io.stdout.write(sdl);
  }
  return 0;
}
