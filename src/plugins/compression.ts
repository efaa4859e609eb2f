import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { FetchAPI, Plugin } from 'graphql-yoga';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface CompressionOptions {
  /** Bodies smaller than this many bytes are sent as they are. Default 1024. */
  thresholdBytes?: number;
}

type Encoding = 'br' | 'gzip';

/**
 * Picks br or gzip from Accept-Encoding, honouring q-values (`gzip;q=0` refuses gzip,
 * `*` accepts anything). Exported for tests.
 */
export function negotiateEncoding(header: string | null): Encoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (e: Encoding) => q.get(e) ?? q.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a))[0];
  return best ?? null;
}

/**
 * Compresses response bodies over a threshold. Written here rather than using
 * @whatwg-node/server's useContentEncoding because that one compresses every body (even 20-byte
 * ones), only matches the first Accept-Encoding token literally (`gzip;q=1` or `x, gzip` get
 * nothing), and inflates request bodies with no size limit. Streams (SSE) are left alone.
 */
export function useCompression(options: CompressionOptions = {}): Plugin {
  const threshold = options.thresholdBytes ?? 1024;
  return {
    // Synchronous, and Accept-Encoding read first, when there is nothing to compress: reading
    // `response.body` builds a stream around a body that is then sent as it is, and an async
    // hook costs every answer a promise.
    onResponse({ request, response, setResponse, fetchAPI }) {
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
      if (!encoding || response.headers.has('content-encoding')) return;
      const type = response.headers.get('content-type') ?? '';
      if (type.includes('text/event-stream') || type.includes('multipart/mixed')) return;
      const length = Number(response.headers.get('content-length') ?? NaN);
      if ((Number.isFinite(length) && length < threshold) || !response.body) return;
      return compress(response, encoding, setResponse, fetchAPI);
    },
  };

  async function compress(response: Response, encoding: Encoding, setResponse: (response: Response) => void, fetchAPI: FetchAPI): Promise<void> {
    const body = Buffer.from(await response.arrayBuffer());
    const headers = new fetchAPI.Headers(response.headers);
    headers.append('vary', 'Accept-Encoding');
    if (body.length < threshold) {
      headers.set('content-length', String(body.length));
      setResponse(new fetchAPI.Response(body, { status: response.status, statusText: response.statusText, headers }));
      return;
    }
    const compressed =
      encoding === 'br'
        ? await brotli(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : await gzipAsync(body, { level: 6 });
    headers.set('content-encoding', encoding);
    headers.set('content-length', String(compressed.length));
    setResponse(new fetchAPI.Response(compressed, { status: response.status, statusText: response.statusText, headers }));
  }
}
