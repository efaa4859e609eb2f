import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// graphql 16 has no exports map: without this alias vitest can load two copies
// ("Cannot use GraphQLDirective from another module or realm").
const resolve = { alias: { graphql: require.resolve('graphql') } };

export default defineConfig({
  resolve,
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        // Pure code (the analyzer, the CLI linter): no database, no global set-up.
        resolve,
        test: { name: 'unit', include: ['tests/analyzer/**/*.test.ts', 'tests/unit/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        // Real PostgreSQL (DATABASE_URL, else the embedded server) and Redis when present.
        resolve,
        test: {
          name: 'integration',
          include: ['tests/api/**/*.test.ts', 'tests/db/**/*.test.ts', 'tests/jobs/**/*.test.ts'],
          globalSetup: ['tests/setup/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
