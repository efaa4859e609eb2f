import { describe, expect, it } from 'vitest';
import { cursorValue, decodeCursor, encodeCursor } from '../../src/db/cursor.js';

/**
 * Cursors are base64url of the JSON of [kind, ...values]. encodeCursor writes most of that JSON
 * itself (src/db/cursor.ts): the bytes must be those JSON.stringify gives, so that a cursor
 * handed out before a deploy still equals the one handed out after it, and every cursor decodes.
 */
const reference = (kind: string, values: (string | number | null)[]) => Buffer.from(JSON.stringify([kind, ...values])).toString('base64url');

const NAMES = ['Sync orders #7', 'Café "Zürich" \\ backup', 'tab\there', 'line\nbreak', '\u0001control', '日本語のワークフロー', 'emoji 😀', '', ' ', 'x'.repeat(300), 'é'.repeat(300)];

describe('encodeCursor', () => {
  it('gives the bytes of base64url(JSON.stringify([kind, ...values]))', () => {
    const samples: [string, (string | number | null)[]][] = [
      ['workflows:UPDATED_AT_DESC', ['2026-11-30 06:26:21.76673+00', 'ee053905-b938-4665-8c41-935063214de5']],
      ['workflows:SCORE_ASC', [null, 'ee053905-b938-4665-8c41-935063214de5']],
      ['workflows:SCORE_DESC', [100, 'ee053905-b938-4665-8c41-935063214de5']],
      ['numbers', [0, -0, 0.5, 1e21, -7]],
      ['a lone surrogate', ['\ud800']],
      ['a long value', ['y'.repeat(5000)]],
      ...NAMES.map((name): [string, (string | number | null)[]] => ['workflows:NAME_ASC', [name, 'ee053905-b938-4665-8c41-935063214de5']]),
    ];
    for (const [kind, values] of samples) expect(encodeCursor(kind, values), `${kind} ${JSON.stringify(values).slice(0, 40)}`).toBe(reference(kind, values));
  });

  it('round-trips through decodeCursor for every name a list can order by', () => {
    for (const name of NAMES) {
      const cursor = encodeCursor('workflows:NAME_ASC', [name, 'ee053905-b938-4665-8c41-935063214de5']);
      expect(decodeCursor(cursor, 'workflows:NAME_ASC', [cursorValue.string, cursorValue.uuid])).toEqual([name, 'ee053905-b938-4665-8c41-935063214de5']);
    }
  });
});
