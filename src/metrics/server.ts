import { createServer, type Server } from 'node:http';
import type { AppMetrics } from './app-metrics.js';
import { scrapeAllowed, METRICS_PATH } from '../plugins/metrics.js';
import { listen } from '../listen.js';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * /metrics alone on its own port (METRICS_PORT), for deployments where only the scraper
 * reaches that port. Everything else answers 404; METRICS_TOKEN still applies when set.
 */
export async function startMetricsServer(options: { metrics: AppMetrics; host: string; port: number; token?: string }): Promise<MetricsServer> {
  const { metrics, token } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    if (!scrapeAllowed(req.headers.authorization ?? null, token)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' }).end('Unauthorized\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text),
      () => res.writeHead(500).end(),
    );
  });
  // A scraper reconnects every interval anyway; idle connections must not hold a shutdown open.
  server.keepAliveTimeout = 5_000;
  const base = await listen(server, options.port, options.host);
  return {
    url: `${base}${METRICS_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
