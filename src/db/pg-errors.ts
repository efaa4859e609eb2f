/** PostgreSQL error codes we turn into domain errors (the rest stay internal and masked). */
export function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const isUniqueViolation = (error: unknown) => pgCode(error) === '23505' || (error as Error)?.name === 'UniqueConstraintViolationException';

/** Socket errors of a PostgreSQL that is down, restarting or unreachable. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/**
 * SQLSTATEs of a server that cannot serve now: class 08 (connection exception), 53300 (too many
 * connections), 57014 (statement_timeout), 57P01–57P03 (shutting down, crashed, starting up).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57014|57P0[123])$/;
/**
 * pg's and knex's own messages for connect, acquire and read timeouts and lost connections (knex
 * puts the statement before them: `select … - Query read timeout`).
 */
const UNAVAILABLE_MESSAGE = /(?:^|- )(Connection terminated[\w ]*|timeout exceeded when trying to connect|Query read timeout|Knex: Timeout acquiring a connection|Client has encountered a connection error|Connection ended unexpectedly)/;

/**
 * True when `error` (or its cause) says PostgreSQL is down, frozen or overloaded rather than that
 * the statement is wrong: the request answers 503 SERVICE_UNAVAILABLE, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailableReason(error) !== null;
}

/**
 * Why the database is unavailable (a code or pg's phrase), or null when it is not: what a log
 * line may say of such an error (its message may carry the statement and its parameters).
 */
export function databaseUnavailableReason(error: unknown): string | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = pgCode(e);
    if (code && (UNREACHABLE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return code;
    const name = (e as Error).name;
    if (name === 'KnexTimeoutError' || name === 'ConnectionException') return name;
    const phrase = typeof (e as Error).message === 'string' ? UNAVAILABLE_MESSAGE.exec((e as Error).message)?.[1] : undefined;
    if (phrase) return phrase;
  }
  return null;
}
