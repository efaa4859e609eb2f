import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType } from 'graphql';
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

  it('describes every enum value and every argument (the schema is the API reference)', () => {
    const missing: string[] = [];
    for (const type of Object.values(getSchema().getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
      }
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          for (const arg of field.args) if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    for (const directive of getSchema().getDirectives()) {
      for (const arg of directive.args) if (!arg.description?.trim()) missing.push(`@${directive.name}(${arg.name})`);
    }
    expect(missing).toEqual([]);
  });

  it('makes look-ups by id nullable, so one NOT_FOUND does not discard the rest of a response', () => {
    const query = getSchema().getQueryType()!.getFields();
    for (const name of ['workflow', 'analysis', 'location']) expect(String(query[name]!.type), name).not.toMatch(/!$/);
  });

  it('gives every connection a totalCount', () => {
    const connections = Object.values(getSchema().getTypeMap()).filter((t) => isObjectType(t) && t.name.endsWith('Connection'));
    expect(connections.length).toBeGreaterThan(1);
    for (const type of connections) expect(String((type as any).getFields().totalCount?.type), type.name).toBe('Int!');
  });
});
