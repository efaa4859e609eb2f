import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '@graphql-codegen/cli';
import config from '../../codegen.js';

describe('generated typed documents', () => {
  it('match schema.graphql and tests/documents (run `npm run codegen` after a change)', async () => {
    const outputs = await generate(config, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = readFileSync(path.resolve(output.filename), 'utf8');
      expect(committed, output.filename).toBe(output.content);
    }
  }, 60_000);
});
