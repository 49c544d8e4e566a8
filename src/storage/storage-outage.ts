import { StorageError } from '../shared';

/**
 * PostgreSQL SQLSTATEs of a server that is away or coming back: class 08 (connection exception),
 * admin/crash shutdown and "cannot connect now" (57P01-57P03, a restart), too many connections.
 */
const PG_OUTAGE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const PG_CONNECTION_CLASS = '08';
/** Socket errors of a connection to the database server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** node-postgres (pg, pg-pool) says these without a code. */
const PG_OUTAGE_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
];
/** SQLite result codes (better-sqlite3's `code`, extended codes included) of a file in trouble. */
const SQLITE_OUTAGE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)(_|$)/;

/**
 * Whether `err` (or an error it wraps, through `cause` or an AggregateError) says the database is
 * unreachable or cannot take the request for now: a restart, a lost connection, an exhausted pool,
 * a busy, locked or full SQLite file. Such a failure is transient and is the operator's business,
 * not a bug: the API answers it 503 with Retry-After. Anything else (a constraint, a syntax error,
 * a bad value) is not an outage.
 */
export function isStorageOutage(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0) {
    const next = queue.shift();
    if (!(next instanceof Error) || seen.has(next)) {
      continue;
    }
    seen.add(next);
    if (saysOutage(next)) {
      return true;
    }
    queue.push(next.cause);
    if (next instanceof AggregateError) {
      queue.push(...(next.errors as unknown[]));
    }
  }
  return false;
}

function saysOutage(err: Error): boolean {
  if (err instanceof StorageError) {
    return err.code === 'DATABASE_UNAVAILABLE';
  }
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (
      PG_OUTAGE_STATES.has(code) ||
      (/^[0-9A-Z]{5}$/.test(code) && code.startsWith(PG_CONNECTION_CLASS)) ||
      NETWORK_CODES.has(code) ||
      SQLITE_OUTAGE_CODES.test(code)
    ) {
      return true;
    }
  }
  return PG_OUTAGE_MESSAGES.some((pattern) => pattern.test(err.message));
}
