import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isInputObjectType, isObjectType, isScalarType } from 'graphql';
import { getSchema, printSchemaSDL } from '../../src/schema/index.js';

describe('schema.graphql', () => {
  it('matches the schema built from the code (run `npm run print-schema -- --write` after a change)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(printSchemaSDL()).toBe(committed);
  });

  it('describes every type and every field', () => {
    const missing: string[] = [];
    for (const type of Object.values(getSchema().getTypeMap())) {
      if (type.name.startsWith('__') || isScalarType(type) && !type.description) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description && !/^(pageInfo|edges|node|cursor)$/.test(field.name)) missing.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
