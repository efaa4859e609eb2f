/** PostgreSQL error codes we turn into domain errors (the rest stay internal and masked). */
export function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const isUniqueViolation = (error: unknown) => pgCode(error) === '23505' || (error as Error)?.name === 'UniqueConstraintViolationException';
