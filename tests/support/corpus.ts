import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The corpus of real n8n workflows, copied into the repo (tests/fixtures/corpus/n8n, read-only). */
export const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/corpus/n8n/workflows');

export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json')).sort();
}

export function corpusWorkflow(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(CORPUS_DIR, file), 'utf8'));
}
