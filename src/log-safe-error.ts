/**
 * What of an unexpected error goes into a log line. Database driver errors carry the failed
 * statement with its parameters inlined (a workflow's source, which may hold the very secrets
 * the analyzer warns about), so for those only the class, SQLSTATE and constraint are kept.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const db = error as Error & { code?: unknown; sqlState?: unknown; constraint?: unknown; table?: unknown; routine?: unknown };
  const isDriverError = typeof db.code === 'string' && /^[0-9A-Z]{5}$/.test(db.code);
  if (isDriverError) {
    return { type: error.name, code: db.code, constraint: db.constraint, table: db.table, routine: db.routine };
  }
  return { type: error.name, message: error.message, stack: error.stack };
}
