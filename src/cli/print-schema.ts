import { writeFileSync } from 'node:fs';
import { getSchema, printSchemaSDL } from '../schema/index.js';
import type { CliIO } from './io.js';

/** The OpenAPI document of REST /v1 as committed in openapi.json (2-space JSON, final newline). */
export async function printOpenApi(): Promise<string> {
  const { restOpenApiDocument } = await import('../plugins/rest.js');
  return JSON.stringify(restOpenApiDocument(getSchema()), null, 2) + '\n';
}

/**
 * `print-schema [--openapi] [--write]`: prints the SDL (or, with --openapi, the OpenAPI document
 * of REST /v1); --write writes schema.graphql (or openapi.json), the committed contracts.
 */
export async function runPrintSchema(argv: string[], io: CliIO): Promise<number> {
  const openapi = argv.includes('--openapi');
  const text = openapi ? await printOpenApi() : printSchemaSDL();
  const file = openapi ? 'openapi.json' : 'schema.graphql';
  if (argv.includes('--write')) {
    writeFileSync(new URL(`../../${file}`, import.meta.url), text);
    io.stdout.write(`${file} written\n`);
  } else {
    io.stdout.write(text);
  }
  return 0;
}
