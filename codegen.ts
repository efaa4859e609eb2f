import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed GraphQL documents for the tests (and any TypeScript client): the operations in
 * tests/documents/*.graphql are checked against schema.graphql and turned into typed document
 * strings in tests/generated/. Run `npm run codegen` after changing either; a test fails when
 * the generated files are stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['tests/documents/**/*.graphql'],
  generates: {
    'tests/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
        strictScalars: true,
      },
    },
  },
  // ESM imports with .js extensions, as NodeNext resolution requires.
  emitLegacyCommonJSImports: false,
};

export default config;
