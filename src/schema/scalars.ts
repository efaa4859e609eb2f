import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { builder } from './builder.js';

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

builder.scalarType('DateTime', {
  description: 'An instant in time, as an ISO-8601 string in UTC (e.g. `2026-11-28T12:00:00.000Z`).',
  serialize: (value) => {
    // Already in the output form: list pages read their timestamps as this text (repositories/workflows.ts).
    if (typeof value === 'string' && ISO_UTC.test(value)) return value;
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) {
      throw new GraphQLError('DateTime must be an ISO-8601 string', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return date;
  },
});

function literalToJson(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    default:
      throw new GraphQLError('JSON literals cannot contain variables; pass the whole value as a variable');
  }
}

builder.scalarType('JSON', {
  description: 'Any JSON value (used for workflow definitions as uploaded).',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalToJson,
});
