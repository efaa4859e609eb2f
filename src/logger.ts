import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs. Secrets never reach a log line: request headers are not logged, and these paths
 * are redacted in case an object carrying them is logged by mistake.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'workflow-health-api' },
      redact: {
        paths: ['authorization', '*.authorization', 'headers.authorization', 'apiKey', '*.apiKey', 'secret', '*.secret', 'password', '*.password', 'token', '*.token'],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
