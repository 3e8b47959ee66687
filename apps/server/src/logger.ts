import { pino, type Logger } from 'pino';
import type { Config } from '@sofortdesk/config';

/** JSON logs on stdout. Credentials never reach a log line, whatever logs them. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'sofortdesk' },
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'headers.authorization',
        'headers.cookie',
        '*.headers.authorization',
        '*.headers.cookie',
        'webhookSecret',
        'apiKey',
        '*.apiKey',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
