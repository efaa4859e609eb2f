import { describe, expect, it } from 'vitest';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import pino from 'pino';
import { createErrorMasking } from '../../src/plugins/error-masking.js';

/**
 * Our plugins' request hooks run guarded (src/plugins/error-masking.ts): a hook that throws, at
 * once or later, answers a masked 500 in the surface's error shape, with the cause logged and
 * never shown; a hook that answers or passes, at once or later, is left to do so.
 */
const lines: Record<string, unknown>[] = [];
const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
const masking = createErrorMasking({ logOf: () => log });

const hook = (path: string, run: (endResponse: (r: Response) => void) => void | Promise<void>): Plugin => ({
  onRequest: ({ url, endResponse }) => (url.pathname === path ? run(endResponse) : undefined),
});
const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } }),
  maskedErrors: { maskError: (error) => masking.maskError(error) },
  logging: false,
  plugins: [
    masking.plugin,
    ...masking.guard([
      hook('/throws', () => {
        throw new Error('secret detail from a synchronous hook');
      }),
      hook('/rejects', async () => {
        await new Promise((r) => setTimeout(r, 5));
        throw new Error('secret detail from an asynchronous hook');
      }),
      hook('/answers', (endResponse) => endResponse(new Response('answered at once'))),
      hook('/answers-later', async (endResponse) => {
        await new Promise((r) => setTimeout(r, 5));
        endResponse(new Response('answered later'));
      }),
    ]),
  ],
});

describe('a guarded request hook', () => {
  for (const path of ['/throws', '/rejects']) {
    it(`that fails (${path}) answers a masked 500 and logs the cause`, async () => {
      lines.length = 0;
      const res = await yoga.fetch(`http://localhost${path}`);
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(text).not.toContain('secret detail');
      expect(JSON.parse(text)).toMatchObject({ errors: [{ extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      expect(JSON.stringify(lines)).toContain('secret detail');
    });
  }

  it('that answers, at once or later, is the answer', async () => {
    expect(await (await yoga.fetch('http://localhost/answers')).text()).toBe('answered at once');
    expect(await (await yoga.fetch('http://localhost/answers-later')).text()).toBe('answered later');
  });

  it('that passes lets the request through to GraphQL', async () => {
    const res = await yoga.fetch('http://localhost/graphql?query=%7Bok%7D');
    expect(await res.json()).toEqual({ data: { ok: true } });
  });
});
