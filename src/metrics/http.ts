import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { OTHER } from './bounded-label.js';
import { routeTemplate } from './routes.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Seconds; from 5 ms (a cached read) to 10 s (past the shutdown deadline). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface HttpMetrics {
  /** Marks a request as started; returns the function that records its end. */
  start(method: string, pathname: string): (status: number) => void;
}

/**
 * `http_requests_total{method,route,status}`, `http_request_duration_seconds{method,route}` and
 * `http_requests_in_flight`, for every request on every surface (GraphQL, REST, probes, 404s).
 * `route` is a template (`routeTemplate`), never the raw path.
 */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to sending its response headers, by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests received and not yet answered.',
    registers: [registry],
  });

  return {
    start(rawMethod, pathname) {
      const started = performance.now();
      const method = METHODS.has(rawMethod) ? rawMethod : OTHER;
      const route = routeTemplate(pathname);
      inFlight.inc();
      return (status) => {
        inFlight.dec();
        requests.inc({ method, route, status: String(status) });
        duration.observe({ method, route }, (performance.now() - started) / 1000);
      };
    },
  };
}
