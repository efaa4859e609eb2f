import { Counter, type Registry } from 'prom-client';
import { createCounter, createHistogram, type FillLabelsFnParams, type PrometheusTracingPluginConfig } from '@graphql-yoga/plugin-prometheus';
import { BoundedLabelValues } from './bounded-label.js';

/** Seconds. Envelop times phases with Date.now(): whole milliseconds, so nothing finer than 1 ms. */
const PHASE_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Error codes are ours and Yoga's (a few dozen at most); the bound is a safety net. */
const MAX_ERROR_CODES = 32;

type Phase = 'parse' | 'validate' | 'context' | 'execute' | 'subscribe';

export interface GraphqlMetrics {
  /** The Envelop Prometheus plugin's configuration (phase histograms, operation counter). */
  envelopConfig: PrometheusTracingPluginConfig;
  /** Counts the errors of one GraphQL response by their final (masked) code. */
  errors(codes: Iterable<string | undefined>): void;
}

/**
 * The Envelop phase metrics, renamed to base units (`_seconds`, `_total`: Envelop's counters
 * have no `_total` suffix), with `operationName` bounded (first N names, then `other`), plus
 * `graphql_errors_total{code}`. Envelop's own error counter is off: it sees errors before
 * Yoga masks them (an unexpected error has no code yet) and labels them by response path,
 * which carries list indexes; the code counter reads the answer the client got instead.
 * Yoga's HTTP histogram is off too: it only sees GraphQL requests and labels the full URL;
 * `http_request_duration_seconds` covers every route.
 */
export function createGraphqlMetrics(registry: Registry, options: { maxOperationNames: number }): GraphqlMetrics {
  const operationNames = new BoundedLabelValues(options.maxOperationNames);
  const errorCodes = new BoundedLabelValues(MAX_ERROR_CODES);

  // Label names in snake_case (promtool's lint); Envelop's defaults are camelCase.
  const labels = (params: FillLabelsFnParams) => ({
    operation_type: params.operationType ?? 'unknown',
    // Envelop fills 'Anonymous' for an unnamed operation.
    operation_name: operationNames.value(params.operationName, 'Anonymous'),
  });
  const phase = <P extends Phase>(name: string, help: string, phases: [P, ...P[]]) =>
    createHistogram({
      registry,
      histogram: { name, help, labelNames: ['operation_type', 'operation_name'], buckets: PHASE_BUCKETS },
      fillLabelsFn: labels,
      phases,
    });

  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors in GraphQL responses (/graphql), by their extensions.code as the client received it (masked errors are INTERNAL_SERVER_ERROR).',
    labelNames: ['code'] as const,
    registers: [registry],
  });

  return {
    envelopConfig: {
      registry,
      skipIntrospection: false,
      metrics: {
        graphql_envelop_phase_parse: phase('graphql_envelop_phase_parse_seconds', 'Time spent parsing a GraphQL operation.', ['parse']),
        graphql_envelop_phase_validate: phase('graphql_envelop_phase_validate_seconds', 'Time spent validating a GraphQL operation.', ['validate']),
        graphql_envelop_phase_context: phase('graphql_envelop_phase_context_seconds', 'Time spent building the GraphQL context (authentication).', ['context']),
        graphql_envelop_phase_execute: phase('graphql_envelop_phase_execute_seconds', 'Time spent executing a GraphQL operation (resolvers, database).', ['execute']),
        graphql_envelop_phase_subscribe: phase('graphql_envelop_phase_subscribe_seconds', 'Time spent starting a GraphQL subscription.', ['subscribe']),
        // Envelop times it exactly like the execute phase: a duplicate family.
        graphql_envelop_request_duration: false,
        graphql_envelop_request: createCounter({
          registry,
          counter: { name: 'graphql_envelop_request_total', help: 'GraphQL operations executed.', labelNames: ['operation_type', 'operation_name'] },
          fillLabelsFn: labels,
          phases: ['execute', 'subscribe'],
        }),
        graphql_envelop_error_result: false,
        graphql_envelop_request_time_summary: false,
        graphql_envelop_deprecated_field: false,
        graphql_envelop_schema_change: false,
        graphql_envelop_execute_resolver: false,
        graphql_yoga_http_duration: false,
      },
    },
    errors(codes) {
      for (const code of codes) errors.inc({ code: errorCodes.value(code, 'none') });
    },
  };
}
