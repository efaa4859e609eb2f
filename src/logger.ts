import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Human-readable lines on a terminal in development; JSON everywhere else (production, files,
 * pipes, log collectors), so that `npm start | jq` and a container's log driver still get JSON.
 */
export function wantsPrettyLogs(nodeEnv: string, isTTY: boolean): boolean {
  return nodeEnv === 'development' && isTTY;
}

/**
 * A pino-pretty stream (a development dependency, loaded only when used); undefined when it is
 * not installed (`npm ci --omit=dev`), and the logs stay JSON. Synchronous, so that its lines
 * and the demo banner (written straight to stdout) come out in order.
 */
export async function prettyDestination(): Promise<pino.DestinationStream | undefined> {
  try {
    const { default: pretty } = await import('pino-pretty');
    return pretty({ colorize: true, sync: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'service' });
  } catch {
    return undefined;
  }
}

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
