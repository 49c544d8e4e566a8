import type { AppConfig } from '../config';
import { runningHealth, type LongRunning, type Logger, type PartHealth } from '../shared';
import { migrateToLatest, openDatabase, SqlStorage, type Database } from '../storage';

/** The database, opened and migrated at start, closed at stop. */
export class StoragePart implements LongRunning {
  readonly name = 'storage';
  private opened: { readonly database: Database; readonly storage: SqlStorage } | null = null;

  constructor(
    private readonly config: AppConfig['storage'],
    private readonly log: Logger,
  ) {}

  get database(): Database {
    return this.running().database;
  }

  /** The repositories over the database (every port `src/storage` implements). */
  get storage(): SqlStorage {
    return this.running().storage;
  }

  async start(): Promise<void> {
    const database = await openDatabase(this.config.databaseUrl, {
      // /ready answers DATABASE_UNREACHABLE until it is back; queries fail meanwhile, then recover
      onPoolError: (err) => this.log.warn('database connection lost', { err }),
    });
    try {
      const report = await migrateToLatest(database);
      this.log.info('database ready', {
        dialect: database.dialect,
        migrationsApplied: report.applied.length,
      });
    } catch (err) {
      await database.close();
      throw err;
    }
    this.opened = { database, storage: new SqlStorage(database) };
  }

  async stop(): Promise<void> {
    const opened = this.opened;
    this.opened = null;
    await opened?.database.close();
  }

  /** Whether it is open; whether the database answers is /ready's DATABASE_UNREACHABLE. */
  health(): PartHealth {
    return runningHealth(this.opened !== null);
  }

  private running(): NonNullable<StoragePart['opened']> {
    if (this.opened === null) {
      throw new Error('storage is not running');
    }
    return this.opened;
  }
}
