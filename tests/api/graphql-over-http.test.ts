import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAudits } from 'graphql-http';
import { createTestApp, type TestApp } from '../support/app.js';

/**
 * The GraphQL-over-HTTP conformance audits of graphql-http, run in-process against /graphql.
 * Every audit (MUST, SHOULD and MAY) must pass.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GraphQL over HTTP', () => {
  for (const audit of serverAudits({ url: 'http://test/graphql', fetchFn: (input: string, init?: RequestInit) => t.app.fetch(new Request(input, init)) })) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
    });
  }
});
