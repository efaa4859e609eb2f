import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import { rateLimitDirectiveDefinition } from '../limits/analysis-quota.js';
import './scalars.js';
import './viewer.js';
import './usage.js';
import './location.js';
import './api-key.js';
import './user.js';
import './admin.js';
import './analysis.js';
import './workflow.js';
import './batch.js';
import './workflow-mutations.js';
import './location-health.js';
import './rules.js';

/** Builds the schema once; the type files above register themselves on the builder. */
let schema: GraphQLSchema | undefined;
export function getSchema(): GraphQLSchema {
  schema ??= builder.toSchema({ sortSchema: false, directives: [rateLimitDirectiveDefinition] });
  return schema;
}

/** The SDL committed as schema.graphql (sorted, so that diffs are stable). */
export function printSchemaSDL(): string {
  return printSchema(lexicographicSortSchema(getSchema())) + '\n';
}
