/**
 * PostgreSQL text and jsonb cannot hold a NUL character or an unpaired UTF-16 surrogate (the
 * insert fails with 22021 / 22P05). Inputs are checked at the edge so the answer is a 400 naming
 * the field, not a failed statement.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored, or null when it can. */
export function unstorableText(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  return match[0] === '\u0000' ? 'contains a NUL character (\\u0000)' : 'contains an unpaired UTF-16 surrogate';
}

/** PostgreSQL error codes raised by such text when it slips through (mapped to 400). */
export const UNSTORABLE_TEXT_CODES: ReadonlySet<string> = new Set(['22021', '22P05']);
