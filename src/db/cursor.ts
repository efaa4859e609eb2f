import { badInput } from '../errors.js';

/**
 * Opaque keyset cursors: base64url of a small JSON tuple (the sort key of the last row and its
 * id). A cursor that does not decode, or that belongs to another ordering, is BAD_USER_INPUT on
 * `field` — never a silent first page.
 */
export function encodeCursor(kind: string, values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify([kind, ...values])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/;

/** Checks for cursor values, so a forged cursor is a 400 and never reaches SQL as garbage. */
export const cursorValue = {
  uuid: (v: unknown) => typeof v === 'string' && UUID.test(v),
  timestamp: (v: unknown) => typeof v === 'string' && PG_TIMESTAMP.test(v),
  scoreOrNull: (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100),
  string: (v: unknown) => typeof v === 'string' && v.length <= 300,
};

export function decodeCursor(cursor: string, kind: string, checks: readonly ((v: unknown) => boolean)[], field = 'after'): (string | number | null)[] {
  const arity = checks.length;
  try {
    if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw new Error('shape');
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed[0] !== kind || parsed.length !== arity + 1) throw new Error('kind');
    const values = parsed.slice(1);
    if (!values.every((v, i) => checks[i]!(v))) throw new Error('values');
    return values;
  } catch {
    throw badInput([{ field, message: 'is not a cursor returned by this list (cursors are opaque; pass pageInfo.endCursor as it is)' }]);
  }
}

/** Page size: default 20, 1–100. */
export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === null || first === undefined) return 20;
  if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput([{ field, message: 'must be an integer from 1 to 100' }]);
  return first;
}
