import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared corpus of real n8n workflows, beside the project root (read-only). */
export const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/n8n/workflows');

export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json')).sort();
}

export function corpusWorkflow(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(CORPUS_DIR, file), 'utf8'));
}
