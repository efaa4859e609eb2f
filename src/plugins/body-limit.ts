import type { FetchAPI, Plugin } from 'graphql-yoga';
import { errorResponse } from './error-response.js';

/**
 * Refuses request bodies over `maxBytes` with 413 PAYLOAD_TOO_LARGE before anything parses them.
 * A declared Content-Length is checked at once; a chunked body is read up to the limit and no
 * further, so a 10 MB upload costs at most `maxBytes` of memory.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  const tooLarge = (fetchAPI: { Response: typeof Response }, pathname: string) =>
    errorResponse(fetchAPI, pathname, 'PAYLOAD_TOO_LARGE', `The request body is larger than the limit of ${maxBytes} bytes`, {
      details: [{ field: 'body', message: `must be at most ${maxBytes} bytes` }],
      headers: { connection: 'close' },
    });

  return {
    // Synchronous when the length is declared (nearly always), and the declared length read
    // before `request.body`: that getter builds a stream around a body the HTTP server has
    // usually read already.
    onRequest({ request, url, fetchAPI, endResponse, setRequest }) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (Number(declared) > maxBytes) endResponse(tooLarge(fetchAPI, url.pathname));
        return;
      }
      const stream = request.body;
      if (stream) return readChunked(stream, request, url, fetchAPI, endResponse, setRequest);
    },
  };

  async function readChunked(
    stream: ReadableStream<Uint8Array>,
    request: Request,
    url: URL,
    fetchAPI: FetchAPI,
    endResponse: (response: Response) => void,
    setRequest: (request: Request) => void,
  ): Promise<void> {
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        return endResponse(tooLarge(fetchAPI, url.pathname));
      }
      chunks.push(value);
    }
    const body = Buffer.concat(chunks);
    const headers = new fetchAPI.Headers(request.headers);
    headers.set('content-length', String(body.length));
    setRequest(new fetchAPI.Request(request.url, { method: request.method, headers, body, signal: request.signal }));
  }
}
