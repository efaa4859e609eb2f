import { badInput } from '../errors.js';
import { unstorableText } from './storable-text.js';

/**
 * Opaque keyset cursors: base64url of a small JSON tuple (the sort key of the last row and its
 * id). A cursor that does not decode, or that belongs to another ordering, is BAD_USER_INPUT on
 * `field` — never a silent first page.
 */
export function encodeCursor(kind: string, values: readonly (string | number | null)[]): string {
  // Through one reused buffer, not a new Buffer per cursor (21 per list page). UTF-8 takes at
  // most 3 bytes per UTF-16 unit.
  const plain = writePlainJson(kind, values);
  if (plain > 0) return SCRATCH.toString('base64url', 0, plain);
  const json = JSON.stringify([kind, ...values]);
  if (json.length > SCRATCH.length / 3) return Buffer.from(json).toString('base64url');
  return SCRATCH.toString('base64url', 0, SCRATCH.write(json));
}

/** Printable ASCII without `"` and `\`: JSON writes such a string as it is, between quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const SCRATCH = Buffer.alloc(4096);
/** A kind's JSON opening (`["kind"`) as bytes when the kind is PLAIN, else null (kinds are a few constants). */
const plainKinds = new Map<string, Buffer | null>();
const COMMA = 0x2c;
const QUOTE = 0x22;

/**
 * Writes JSON.stringify([kind, ...values]) into SCRATCH when every string is PLAIN (timestamps,
 * ids, order names: always, most names) and every number finite, and returns its length; else
 * -1. Written piece by piece: JSON.stringify of the array was half the cursors' cost, and the
 * cursors about 5% of an uncached list page's CPU; a JSON string built first was about 7 KB of
 * garbage per page.
 */
function writePlainJson(kind: string, values: readonly (string | number | null)[]): number {
  let opening = plainKinds.get(kind);
  if (opening === undefined) {
    opening = PLAIN.test(kind) ? Buffer.from(`["${kind}"`, 'latin1') : null;
    if (plainKinds.size < 100) plainKinds.set(kind, opening);
  }
  if (opening === null || opening.length >= SCRATCH.length) return -1;
  SCRATCH.set(opening);
  let n = opening.length;
  for (const value of values) {
    const text = value === null ? 'null' : typeof value === 'number' ? (Number.isFinite(value) ? String(value) : null) : PLAIN.test(value) ? value : null;
    if (text === null || n + text.length + 4 > SCRATCH.length) return -1;
    SCRATCH[n++] = COMMA;
    if (typeof value === 'string') {
      SCRATCH[n++] = QUOTE;
      n += SCRATCH.write(text, n, 'latin1');
      SCRATCH[n++] = QUOTE;
    } else n += SCRATCH.write(text, n, 'latin1'); // null, or a finite number's JSON: its String()
  }
  SCRATCH[n++] = 0x5d; // ]
  return n;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PG_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:([+-])(\d{2})(?::?(\d{2}))?|Z)?$/;

/**
 * A timestamp PostgreSQL accepts: the shape alone let `2026-02-30`, `25:61:61`, `0000-00-00` or
 * a +99 offset through, and the statement then failed with SQLSTATE 22008/22009 (a 500).
 */
function isRealTimestamp(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = PG_TIMESTAMP.exec(v);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = m[8] === undefined || (Number(m[8]) <= 15 && Number(m[9] ?? 0) <= 59);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offsetOk;
}

/** Checks for cursor values, so a forged cursor is a 400 and never reaches SQL as garbage. */
export const cursorValue = {
  uuid: (v: unknown) => typeof v === 'string' && UUID.test(v),
  timestamp: isRealTimestamp,
  scoreOrNull: (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100),
  // PostgreSQL text holds no NUL (a NUL parameter broke the protocol: 08P01) or lone surrogate.
  string: (v: unknown) => typeof v === 'string' && v.length <= 300 && unstorableText(v) === null,
};

export function decodeCursor(cursor: string, kind: string, checks: readonly ((v: unknown) => boolean)[], field = 'after'): (string | number | null)[] {
  const arity = checks.length;
  try {
    // Up to 4,096 characters: a NAME_ASC cursor holds a name of up to 300 characters, up to 6
    // bytes each in JSON (`\u0001`), 4/3 of that in base64. 512 refused names of 300 accented
    // letters, so their list could not be paged past them.
    if (cursor.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('shape');
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
