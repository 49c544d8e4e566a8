/** ConsoleLogger: the console adapter of the Logger port (src/shared/logger.ts). */
import type { LogFields, Logger } from '../shared';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_ORDER: Readonly<Record<LogLevel, number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

/** One JSON line per entry on the console; errors in fields are flattened to message + stack. */
export class ConsoleLogger implements Logger {
  constructor(
    private readonly name = 'app',
    private readonly minLevel: LogLevel = 'info',
    private readonly base: LogFields = {},
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
    return new ConsoleLogger(name, this.minLevel, { ...this.base, ...fields });
  }

  private write(level: LogLevel, msg: string, fields: LogFields = {}): void {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[this.minLevel]) {
      return;
    }
    const entry = { time: new Date().toISOString(), level, name: this.name, msg, ...this.base };
    const line = JSON.stringify({ ...entry, ...fields }, jsonReplacer);
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
