/** ConsoleLogger: the console adapter of the Logger port (src/shared/logger.ts). */
import type { LogFields, Logger } from '../shared';
import { formatPrettyLine, type LogFormat } from './pretty-log-line';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_ORDER: Readonly<Record<LogLevel, number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

/**
 * One JSON line per entry on the console (errors in fields flattened to message + stack), or with
 * format `pretty` one readable line (pretty-log-line.ts).
 */
export class ConsoleLogger implements Logger {
  constructor(
    private readonly name = 'app',
    private readonly minLevel: LogLevel = 'info',
    private readonly base: LogFields = {},
    private readonly format: LogFormat = 'json',
  ) {}

  debug(msg: string, fields?: LogFields): void {
    this.write('debug', msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.write('warn', msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.write('error', msg, fields);
  }

  child(name: string, fields: LogFields = {}): Logger {
    return new ConsoleLogger(name, this.minLevel, { ...this.base, ...fields }, this.format);
  }

  private write(level: LogLevel, msg: string, fields: LogFields = {}): void {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[this.minLevel]) {
      return;
    }
    const line =
      this.format === 'pretty'
        ? formatPrettyLine({
            time: new Date(),
            level,
            name: this.name,
            msg,
            fields: { ...this.base, ...fields },
          })
        : JSON.stringify(
            {
              time: new Date().toISOString(),
              level,
              name: this.name,
              msg,
              ...this.base,
              ...fields,
            },
            jsonReplacer,
          );
    if (level === 'error' || level === 'warn') {
      console.error(line);
    } else {
      console.log(line);
    }
  }
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}
