/**
 * The one logger of the service (ADR 0018): the `Logger` port (src/shared/logger.ts) backed by a
 * pino instance, whose lines nestjs-pino's HTTP request logs share. One JSON line per entry,
 * `{"level":"info","time":"<ISO>","name":"<part>",…fields,"msg":"…"}`, secrets redacted
 * (redaction.ts); with format `pretty` every line, domain or HTTP, is written readable instead.
 */
import { pino } from 'pino';
import type { LogFields, Logger } from '../shared';
import type { LineSink, LogFormat, LogLevel } from './log-format';
import { prettyLineStream } from './pretty-log-line';
import { REDACTED_PATHS } from './redaction';

/** The pino instance behind every logger of a process; `src/api` hands it to pino-http. */
export type LogRoot = pino.Logger;

export interface LogRootOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  /** Where debug and info lines go; default stdout. */
  readonly out?: LineSink;
  /** Where warn and error lines go; default `out` when that is given, else stderr. */
  readonly errorOut?: LineSink;
}

/** A pino instance writing the service's line format to `out` (warnings and errors to `errorOut`). */
export function createLogRoot(options: LogRootOptions): LogRoot {
  const out = options.out ?? process.stdout;
  const errorOut = options.errorOut ?? options.out ?? process.stderr;
  const shape = (sink: LineSink) => (options.format === 'pretty' ? prettyLineStream(sink) : sink);
  const destination =
    out === errorOut
      ? shape(out)
      : pino.multistream(
          [
            { level: 'debug', stream: shape(out) },
            { level: 'warn', stream: shape(errorOut) },
          ],
          { dedupe: true },
        );
  return pino(
    {
      level: options.level,
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

/** The Logger port over a pino instance; each named child is a pino child of the root. */
export class PinoLogger implements Logger {
  private readonly target: pino.Logger;

  constructor(
    /** The instance lines go through (shared with the HTTP request logs). */
    readonly root: LogRoot,
    private readonly name: string,
    private readonly base: LogFields = {},
  ) {
    this.target = root.child({ name, ...loggable(base) });
  }

  /** A logger named `name` writing to a root of its own (scripts, tests, the CLI's commands). */
  static create(name: string, options: LogRootOptions): PinoLogger {
    return new PinoLogger(createLogRoot(options), name);
  }

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

  /** A child replaces the name and adds to the fields (never a second `name` key in a line). */
  child(name: string, fields: LogFields = {}): Logger {
    return new PinoLogger(this.root, name, { ...this.base, ...fields });
  }

  private write(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    if (!this.target.isLevelEnabled(level)) {
      return;
    }
    const own = fields === undefined ? {} : this.withoutBase(fields);
    if (Object.keys(own).length === 0) {
      this.target[level](msg);
    } else {
      this.target[level](loggable(own), msg);
    }
  }

  /** A field the child already carries with the same value is not written a second time. */
  private withoutBase(fields: LogFields): LogFields {
    return Object.fromEntries(
      Object.entries(fields).filter(
        ([key, value]) => !(Object.hasOwn(this.base, key) && Object.is(this.base[key], value)),
      ),
    );
  }
}

const MAX_DEPTH = 8;

/**
 * Fields as JSON can carry them: bigints as decimal strings (money stays exact), errors as
 * `{ type, message, stack }` (pino's own serializer, which also handles `err` itself).
 */
function loggable(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = key === 'err' && value instanceof Error ? value : plain(value, 0);
  }
  return out;
}

function plain(value: unknown, depth: number): unknown {
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (value instanceof Error) {
    return pino.stdSerializers.err(value);
  }
  if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => plain(item, depth + 1));
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    return value; // a class instance: its own toJSON decides (Secret prints [REDACTED])
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, plain(item, depth + 1)]),
  );
}
