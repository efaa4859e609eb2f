import type { Config } from '../config.js';

/** Where and how /metrics is served, decided once from the configuration. */
export interface MetricsAccess {
  /** Metrics are collected at all. */
  enabled: boolean;
  /** /metrics answers on the API's own port. */
  onAppPort: boolean;
  /** A separate port that serves /metrics only. */
  port?: number;
  /** Bearer token a scrape must carry. */
  token?: string;
  /** Why metrics are off although ENABLE_METRICS is on (logged at start). */
  warning?: string;
}

/**
 * DESIGN §9: open in development; in production behind METRICS_TOKEN or on METRICS_PORT. A
 * production start with neither would publish the server's internals to anyone who can reach
 * the API, so metrics stay off and the start-up log says how to turn them on.
 */
export function metricsAccess(config: Config): MetricsAccess {
  if (!config.ENABLE_METRICS) return { enabled: false, onAppPort: false };
  const token = config.METRICS_TOKEN;
  if (config.METRICS_PORT !== undefined) return { enabled: true, onAppPort: false, port: config.METRICS_PORT, token };
  if (token) return { enabled: true, onAppPort: true, token };
  if (config.isProduction) {
    return {
      enabled: false,
      onAppPort: false,
      warning: 'metrics are off: in production /metrics needs METRICS_TOKEN (a bearer token) or METRICS_PORT (a separate port); ENABLE_METRICS=false silences this',
    };
  }
  return { enabled: true, onAppPort: true };
}
