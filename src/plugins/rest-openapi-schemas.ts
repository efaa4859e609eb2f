import {
  GraphQLScalarType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Schema is free-form JSON */
export type JsonSchema = Record<string, any>;

export const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses) of the REST representations, derived from the
 * GraphQL schema that Sofa serves, so the document cannot disagree with the answers:
 * - a nullable GraphQL field may be `null` (Sofa sends it as `null`, never leaves it out), and
 *   every field of an object is `required`;
 * - ids are `format: uuid`, DateTime `format: date-time`, enums are `$ref`s to one component each
 *   whose description lists every value's description.
 */

const SCALARS: Record<string, JsonSchema> = {
  ID: { type: 'string', format: 'uuid' },
  String: { type: 'string' },
  Int: { type: 'integer', format: 'int32' },
  Float: { type: 'number' },
  Boolean: { type: 'boolean' },
  DateTime: { type: 'string', format: 'date-time' },
  JSON: {},
};

/** Ids that are not UUIDs (none today; the rule ids are Strings). */
function scalarSchema(type: GraphQLScalarType): JsonSchema {
  const known = SCALARS[type.name];
  if (!known) throw new Error(`No JSON Schema for the scalar ${type.name}`);
  return { ...known };
}

/** `schema` that also admits null. */
export function nullable(schema: JsonSchema): JsonSchema {
  if (schema.$ref) {
    const { description, ...rest } = schema;
    return { ...(description ? { description } : {}), anyOf: [rest, { type: 'null' }] };
  }
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  return schema; // JSON: any value, null included
}

/** The schema of a GraphQL type (input or output), honouring its nullability. */
export function typeSchema(type: GraphQLOutputType | GraphQLInputType): JsonSchema {
  if (isNonNullType(type)) return baseSchema(type.ofType);
  return nullable(baseSchema(type));
}

function baseSchema(type: GraphQLOutputType | GraphQLInputType): JsonSchema {
  if (isListType(type)) return { type: 'array', items: typeSchema(type.ofType) };
  const named = getNamedType(type);
  if (named instanceof GraphQLScalarType) return scalarSchema(named);
  return schemaRef(named.name);
}

const withDescription = (schema: JsonSchema, description: string | null | undefined): JsonSchema =>
  description ? { ...schema, description } : schema;

/**
 * The component schemas of every object, input and enum type of the REST schema. `inputOverrides`
 * replaces the schema of some input fields (`Type.field`), e.g. the JSON workflow documents.
 */
export function componentSchemas(schema: GraphQLSchema, inputOverrides: Record<string, (description: string) => JsonSchema>): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || roots.has(type.name)) continue;
    if (isEnumType(type)) {
      const values = type.getValues();
      out[type.name] = {
        type: 'string',
        enum: values.map((v) => v.name),
        description: [type.description, ...values.map((v) => `- \`${v.name}\`: ${v.description ?? ''}`)].filter(Boolean).join('\n'),
      };
    } else if (isObjectType(type)) {
      const fields = Object.values(type.getFields());
      out[type.name] = {
        type: 'object',
        ...(type.description ? { description: type.description } : {}),
        required: fields.map((f) => f.name),
        properties: Object.fromEntries(fields.map((f) => [f.name, withDescription(typeSchema(f.type), f.description)])),
      };
    } else if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
      out[type.name] = {
        type: 'object',
        ...(type.description ? { description: type.description } : {}),
        ...(required.length ? { required } : {}),
        properties: Object.fromEntries(
          fields.map((f) => {
            const override = inputOverrides[`${type.name}.${f.name}`];
            return [f.name, override ? override(f.description ?? '') : withDescription(typeSchema(f.type), f.description)];
          }),
        ),
      };
    }
  }
  return out;
}

/** Drops the components nothing in the document refers to (directly or through another component). */
export function pruneComponents(document: JsonSchema): void {
  const schemas: Record<string, JsonSchema> = document.components.schemas;
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        const name = value.slice('#/components/schemas/'.length);
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      } else visit(value);
    }
  };
  visit({ paths: document.paths, responses: document.components.responses });
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}
