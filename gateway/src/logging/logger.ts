import { type DestinationStream, type Logger, pino } from 'pino';
import { createRedactor } from './redact';

export type { Logger } from 'pino';

/** The pino levels `LOG_LEVEL` takes, for the gateway and the standalone simulator alike. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level: string;
  /** Known secret values (Wawp token, admin key) to scrub from every line. */
  secrets: () => Iterable<string>;
  /** Where lines go; stdout by default. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

/**
 * A structured pino logger whose every line passes through the redactor before it is written:
 * path redaction alone misses secrets inside URLs and error messages, so the final JSON is
 * scrubbed as text as well.
 */
export function createLogger(options: LoggerOptions): Logger {
  const scrub = createRedactor(options.secrets);
  return pino(
    {
      level: options.level,
      base: { service: 'wawp-gateway' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          '*.access_token',
          '*.accessToken',
          '*.connectionParams',
          '*.key',
          '*.qr',
          '*.pairingCode',
        ],
        censor: '[Redacted]',
      },
      hooks: { streamWrite: scrub },
    },
    options.destination,
  );
}
