import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { Pool } from 'pg';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect';
import { cachingStatements } from './statement-cache';
import { NulFreeStringsPlugin } from './nul-free-strings-plugin';
import { redactDatabaseUrl } from './redact-database-url';
import type { DatabaseSchema } from './schema';
import { DatabaseUnavailableError, DatabaseUrlError } from './storage-errors';

export { redactDatabaseUrl };

export type DialectName = 'sqlite' | 'postgres';

export type DatabaseLocation =
  | { readonly dialect: 'sqlite'; readonly filename: string }
  | { readonly dialect: 'postgres'; readonly connectionString: string };

export interface OpenDatabaseOptions {
  /** `sqlite::memory:` is refused unless this is set (unit tests only: it is lost on close). */
  readonly allowInMemory?: boolean;
  /** PostgreSQL pool size (default 10). */
  readonly maxConnections?: number;
  /** How long SQLite waits for another writer's lock, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /**
   * A PostgreSQL connection was lost (server restart, backend terminated), idle in the pool or in
   * use; the pool drops it and opens a new one for the next query, which fails until the server is
   * back. Without a handler the loss is not reported, but it never ends the process.
   */
  readonly onPoolError?: (error: Error) => void;
}

const SQLITE_MEMORY = ':memory:';

/**
 * Parses `DATABASE_URL`: `sqlite:./data/app.db`, `sqlite:/abs/app.db`, `sqlite:///abs/app.db`,
 * `sqlite::memory:`, `postgres://…` or `postgresql://…`.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const trimmed = url.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    return { dialect: 'postgres', connectionString: trimmed };
  }
  if (/^sqlite:/i.test(trimmed)) {
    let path = trimmed.slice('sqlite:'.length);
    if (path.startsWith('//')) {
      path = path.slice(2);
    }
    if (path === '') {
      throw new DatabaseUrlError('sqlite database URL has no file path', { url: trimmed });
    }
    return { dialect: 'sqlite', filename: path };
  }
  throw new DatabaseUrlError('unsupported DATABASE_URL: expected sqlite:<path> or postgres://…', {
    url: redactDatabaseUrl(trimmed),
  });
}

/**
 * An open database: a typed Kysely handle plus its dialect. Repositories take `db` (or a
 * transaction, which is a `Kysely` too); `transaction()` is the unit of work.
 */
export class Database {
  private closed = false;

  constructor(
    readonly dialect: DialectName,
    readonly db: Kysely<DatabaseSchema>,
  ) {}

  /**
   * Runs `work` in one transaction: it commits when `work` resolves and rolls back when it throws
   * (the error is rethrown). SQLite transactions take the write lock at BEGIN (single writer);
   * PostgreSQL ones run at READ COMMITTED.
   */
  transaction<T>(work: (trx: Transaction<DatabaseSchema>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /** Closes the connection(s). Safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    await this.db.destroy();
  }
}

/** Opens the database named by `url`, choosing the dialect from its scheme. */
export async function openDatabase(
  url: string,
  options: OpenDatabaseOptions = {},
): Promise<Database> {
  const location = parseDatabaseUrl(url);
  return location.dialect === 'sqlite'
    ? openSqlite(location.filename, options)
    : openPostgres(location.connectionString, options);
}

function openSqlite(filename: string, options: OpenDatabaseOptions): Database {
  const isMemory = filename === SQLITE_MEMORY;
  if (isMemory && options.allowInMemory !== true) {
    throw new DatabaseUrlError('sqlite::memory: is for unit tests only; use a file path', {});
  }
  const path = isMemory ? filename : resolve(filename);
  let sqlite: BetterSqlite3.Database;
  try {
    if (!isMemory) {
      mkdirSync(dirname(path), { recursive: true });
    }
    sqlite = new BetterSqlite3(path);
  } catch (error) {
    throw new DatabaseUnavailableError('cannot open sqlite database', { path }, error);
  }
  // Integers come back as bigint so block numbers beyond 2^53 stay exact.
  sqlite.defaultSafeIntegers(true);
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  if (!isMemory) {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  }
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<DatabaseSchema>({
    dialect: new ImmediateSqliteDialect({ database: cachingStatements(sqlite) }),
    plugins: [new NulFreeStringsPlugin()],
  });
  return new Database('sqlite', db);
}

async function openPostgres(
  connectionString: string,
  options: OpenDatabaseOptions,
): Promise<Database> {
  const pool = new Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    application_name: 'polkamesh',
    // Sessions in UTC so that SQL-side time arithmetic and text casts agree with the app.
    options: '-c TimeZone=UTC',
  });
  // A client whose connection dies emits 'error'; in use (in a query or between a transaction's
  // queries) it has no listener of the pool's, and an unheard 'error' would end the process. Every
  // client gets one for its whole life; the pool's own 'error' (idle clients) is the same error.
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onPoolError?.(error));
  });
  pool.on('error', () => undefined);
  const db = new Kysely<DatabaseSchema>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new NulFreeStringsPlugin()],
  });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new DatabaseUnavailableError(
      'cannot reach postgres database',
      { url: redactDatabaseUrl(connectionString) },
      error,
    );
  }
  return new Database('postgres', db);
}
