/**
 * Readable log lines for a terminal (LOG_FORMAT=pretty, or auto on a TTY):
 * `14:03:07.123 INFO  api:notifications  stream opened  clients=2`. The JSON lines stay the
 * default everywhere else; this only changes how one entry is written.
 */
import type { Writable } from 'node:stream';

export type LogFormat = 'json' | 'pretty';

/** `auto` → pretty on a terminal, JSON otherwise. */
export function resolveLogFormat(configured: 'auto' | LogFormat, isTty: boolean): LogFormat {
  return configured === 'auto' ? (isTty ? 'pretty' : 'json') : configured;
}

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

const PINO_LEVELS: Readonly<Record<number, string>> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** Fields of a pino line that say nothing to a person at a terminal. */
const PINO_NOISE = new Set(['level', 'time', 'name', 'msg', 'pid', 'hostname', 'v']);

/** A pino JSON line (nestjs-pino request logs) as a readable line; other text passes unchanged. */
export function prettyPinoLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (PINO_NOISE.has(key)) {
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
  return formatPrettyLine({
    time: new Date(typeof entry['time'] === 'number' ? entry['time'] : Date.now()),
    level: PINO_LEVELS[Number(entry['level'])] ?? 'info',
    name: typeof entry['name'] === 'string' ? entry['name'] : 'app',
    msg: typeof entry['msg'] === 'string' ? entry['msg'] : '',
    fields,
  });
}

/** A pino destination that writes each JSON line as a readable one to `out`. */
export function prettyPinoStream(out: Pick<Writable, 'write'>): { write(chunk: string): void } {
  return {
    write: (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line !== '') {
          out.write(`${prettyPinoLine(line)}\n`);
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
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'string') {
    return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
  }
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
