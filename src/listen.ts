import type { Server } from 'node:http';

/**
 * Starts `server` on host:port (port 0: a free one) and returns its base URL, e.g.
 * `http://127.0.0.1:4000` (IPv6 hosts in brackets).
 */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
}
