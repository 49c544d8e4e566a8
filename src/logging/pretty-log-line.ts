/**
 * Readable log lines for a terminal (LOG_FORMAT=pretty, or auto on a TTY):
 * `14:03:07.123 INFO  api:notifications  stream opened  clients=2`. Every entry is first the one
 * JSON line (pino-logger.ts); this only changes how it is written.
 */
import type { LineSink } from './log-format';

export interface LogEntry {
  readonly time: Date;
  readonly level: string;
  /** The component (`polkamesh`, `api:health`, …). */
  readonly name: string;
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** One line, local time: `HH:MM:SS.mmm LEVEL name  message  key=value …`. */
export function formatPrettyLine(entry: LogEntry): string {
  const t = entry.time;
  const time = `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}.${String(t.getMilliseconds()).padStart(3, '0')}`;
  const fields = Object.entries(entry.fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${fieldText(value)}`)
    .join(' ');
  const line = `${time} ${entry.level.toUpperCase().padEnd(5)} ${entry.name}  ${entry.msg}`;
  return fields === '' ? line : `${line}  ${fields}`;
}

/** pino's numeric levels, for lines written by a pino that was not configured with labels. */
const NUMERIC_LEVELS: Readonly<Record<number, string>> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** Fields of a JSON line that say nothing to a person at a terminal. */
const NOISE = new Set(['level', 'time', 'name', 'msg', 'pid', 'hostname', 'v']);

/** A JSON log line (domain or HTTP request) as a readable line; other text passes unchanged. */
export function prettyJsonLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null) {
    return line;
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (NOISE.has(key)) {
      continue;
    }
    if (key === 'req' && typeof value === 'object' && value !== null) {
      const req = value as Record<string, unknown>;
      fields['req'] = `${String(req['method'])} ${String(req['url'])}`;
    } else if (key === 'res' && typeof value === 'object' && value !== null) {
      fields['status'] = (value as Record<string, unknown>)['statusCode'];
    } else {
      fields[key] = value;
    }
  }
  const { level, time } = entry;
  return formatPrettyLine({
    time: new Date(typeof time === 'number' || typeof time === 'string' ? time : Date.now()),
    level: typeof level === 'string' ? level : (NUMERIC_LEVELS[Number(level)] ?? 'info'),
    name: typeof entry['name'] === 'string' ? entry['name'] : 'app',
    msg: typeof entry['msg'] === 'string' ? entry['msg'] : '',
    fields,
  });
}

/** A log destination that writes each JSON line as a readable one to `out`. */
export function prettyLineStream(out: LineSink): LineSink {
  return {
    write: (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line !== '') {
          out.write(`${prettyJsonLine(line)}\n`);
        }
      }
    },
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function fieldText(value: unknown): string {
  if (value instanceof Error) {
    return JSON.stringify(value.message);
  }
  if (isSerializedError(value)) {
    return JSON.stringify(value.message);
  }
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'string') {
    return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
  }
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** An error as the JSON line carries it (`{ type, message, stack }`): shown by its message. */
function isSerializedError(value: unknown): value is { message: string } {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { type, message, stack } = value as Record<string, unknown>;
  return typeof type === 'string' && typeof message === 'string' && typeof stack === 'string';
}
