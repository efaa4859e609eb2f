/**
 * The second baseline of `npm run bench:api` (issue 14): a Yoga hello-world whose only field is
 * resolved from memory and answers the exact bytes of the API's list page (BODY_FILE): what Yoga's
 * own per-request cost leaves of the bare server's throughput. Its query is
 * `query List($loc: ID!) { workflows(locationId: $loc, first: 20) }` (a JSON scalar, so no
 * selection set); the body's `data` and `extensions` are returned as they are. PORT.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { GraphQLScalarType } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';

const answer = JSON.parse(readFileSync(process.env.BODY_FILE!, 'utf8')) as { data: { workflows: unknown }; extensions?: Record<string, unknown> };
const JSONScalar = new GraphQLScalarType({ name: 'JSON', serialize: (v) => v });

function sameExtensions(extensions: Record<string, unknown>): Plugin {
  return { onExecute: () => ({ onExecuteDone: ({ result, setResult }) => setResult({ ...(result as object), extensions }) }) };
}

const yoga = createYoga({
  schema: createSchema({
    typeDefs: 'scalar JSON\ntype Query { workflows(locationId: ID!, first: Int): JSON }',
    resolvers: { JSON: JSONScalar, Query: { workflows: () => answer.data.workflows } },
  }),
  graphiql: false,
  landingPage: false,
  logging: false,
  plugins: answer.extensions ? [sameExtensions(answer.extensions)] : [],
});

const server = createServer(yoga);
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
