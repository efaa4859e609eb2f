import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * How deeply the brackets of a GraphQL document nest — `{`, `[` and `(` outside strings and
 * comments — in one linear pass without recursion.
 */
export function documentNesting(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === 0x22 /* " */) {
      if (text.startsWith('"""', i)) {
        i += 3;
        while (i < text.length && !text.startsWith('"""', i)) i += text.startsWith('\\"""', i) ? 4 : 1;
        i += 2;
      } else {
        for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      }
    } else if (c === 0x7b || c === 0x5b || c === 0x28) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d || c === 0x29) {
      depth--;
    }
  }
  return max;
}

/**
 * Refuses documents whose brackets nest deeper than `maxNesting` before graphql-js parses them:
 * its parser recurses once per level, and a list literal 10,000 deep overflowed the stack under
 * the token limit (a 500). The selection depth limit applies after parsing; this one protects the
 * parser itself, so it is looser (input literals may nest as deep as a workflow definition).
 */
export function useDocumentNestingLimit(maxNesting: number): Plugin {
  // Texts that passed, so that a client's usual documents are scanned once, not on every request
  // (a Map look-up hashes the text natively, far faster than the scan). Bounded: texts up to
  // 16 KB, 1,000 of them, cleared when full.
  const passed = new Set<string>();
  return {
    onParse({ params }) {
      const source = params.source;
      const text = typeof source === 'string' ? source : source.body;
      if (passed.has(text)) return;
      if (documentNesting(text) <= maxNesting) {
        if (text.length <= 16_384) {
          if (passed.size >= 1000) passed.clear();
          passed.add(text);
        }
      } else {
        throw new GraphQLError(`The document nests brackets deeper than ${maxNesting} levels`, {
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        });
      }
    },
  };
}
