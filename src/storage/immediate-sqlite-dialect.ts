import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';

/**
 * SQLite driver whose transactions start with `BEGIN IMMEDIATE`: the write lock is taken up front,
 * so a transaction that reads and then writes (claiming an outbox row, migrating) cannot fail half
 * way with SQLITE_BUSY when another connection (another process on the same file) writes first.
 * Other connections wait up to `busy_timeout` for the lock instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** Kysely's SQLite dialect, with single-writer (`BEGIN IMMEDIATE`) transactions. */
export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly driverConfig: SqliteDialectConfig) {
    super(driverConfig);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.driverConfig);
  }
}
