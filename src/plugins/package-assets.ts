import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Files of an installed npm package, served by name from an allowlist (name -> content type), so
 * the documentation pages work offline and nothing outside the list can be reached (`../`,
 * `package.json`). Files are read on first use and kept.
 */
export interface PackageAssets {
  /** The bytes and content type of an allowed file; undefined for anything else. */
  get(name: string): { bytes: Buffer; type: string } | undefined;
}

export function packageAssets(packageName: string, folder: string, types: Readonly<Record<string, string>>): PackageAssets {
  let dir: string | undefined;
  const cache = new Map<string, Buffer>();
  return {
    get(name) {
      if (!Object.hasOwn(types, name)) return undefined;
      dir ??= join(dirname(createRequire(import.meta.url).resolve(`${packageName}/package.json`)), folder);
      let bytes = cache.get(name);
      if (!bytes) cache.set(name, (bytes = readFileSync(join(dir, name))));
      return { bytes, type: types[name]! };
    },
  };
}

export const JS = 'text/javascript; charset=utf-8';
export const CSS = 'text/css; charset=utf-8';
export const HTML = 'text/html; charset=utf-8';

type FetchApi = { Response: typeof Response };

/** The answer for a served file (HEAD: the headers only), or a plain 404. */
export function assetResponse(fetchAPI: FetchApi, method: string, asset: { bytes: Buffer; type: string } | undefined): Response {
  if (!asset || (method !== 'GET' && method !== 'HEAD')) {
    return new fetchAPI.Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
  }
  return new fetchAPI.Response(method === 'HEAD' ? null : new Uint8Array(asset.bytes), {
    headers: {
      'content-type': asset.type,
      'content-length': String(asset.bytes.length),
      'cache-control': 'public, max-age=3600',
    },
  });
}
