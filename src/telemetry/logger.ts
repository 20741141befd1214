/**
 * Structured JSON logs on stderr (pino), plus a rate limit for run-time errors so a storm of
 * identical failures logs once per interval with a count of what was suppressed.
 */
import { pino } from 'pino';

export type Logger = pino.Logger;
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export function createLogger(level: LogLevel = 'info', destination: pino.DestinationStream = pino.destination({ fd: 2, sync: true })): Logger {
  return pino(
    {
      level,
      base: { service: 'tracecore' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ['headers.authorization', 'token', 'password', '*.token', '*.authorization'], censor: '[redacted]' },
    },
    destination,
  );
}

/** A logger that throws nothing away silently in tests but prints nothing. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * Logs at most once per `intervalMs` per key; the next line that gets through carries
 * `suppressed`, how many were held back in between.
 */
export class RateLimitedLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();
  private readonly logger: Logger;
  private readonly intervalMs: number;

  constructor(logger: Logger, intervalMs = 10_000) {
    this.logger = logger;
    this.intervalMs = intervalMs;
  }

  warn(key: string, fields: object, message: string): void {
    this.emit('warn', key, fields, message);
  }

  error(key: string, fields: object, message: string): void {
    this.emit('error', key, fields, message);
  }

  private emit(level: 'warn' | 'error', key: string, fields: object, message: string): void {
    const now = Date.now();
    const entry = this.last.get(key);
    if (entry && now - entry.at < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    const suppressed = entry?.suppressed ?? 0;
    if (this.last.size > 1000) this.last.clear(); // keys are few and fixed; this only bounds a bug
    this.last.set(key, { at: now, suppressed: 0 });
    this.logger[level](suppressed > 0 ? { ...fields, suppressed } : fields, message);
  }
}
