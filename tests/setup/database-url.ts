/**
 * Returns `url` pointing at database `name`. Handles both host URLs
 * (`postgresql://u@127.0.0.1:5432/db`) and socket URLs (`postgresql://u@/db?host=/dir`), which
 * WHATWG URL cannot parse.
 */
export function databaseUrl(url: string, name: string): string {
  const match = /^(postgres(?:ql)?:\/\/[^/]*)(\/[^?]*)?(\?.*)?$/.exec(url);
  if (!match) throw new Error('DATABASE_URL is not a postgres URL');
  return `${match[1]}/${name}${match[3] ?? ''}`;
}
