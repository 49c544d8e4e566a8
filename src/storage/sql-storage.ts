import type { Kysely } from 'kysely';
import type { Database, DialectName } from './database';
import type { Storage, StorageRepositories } from './storage';
import type { DatabaseSchema } from './schema';
import { SqlChainActionRepository } from './sql-chain-action-repository';
import { SqlJobWorkRepository } from './sql-job-work-repository';
import { SqlChainCursorRepository } from './sql-chain-cursor-repository';
import { SqlChainEventRepository } from './sql-chain-event-repository';
import { SqlProjectionRepository } from './sql-projection-repository';
import { SqlQuarantineRepository } from './sql-quarantine-repository';
import { SqlProviderSettingsRepository } from './sql-provider-settings-repository';
import type { ProviderSettingsRepository } from '../providers';
import { SYSTEM_STORAGE_CONTEXT, type StorageContext } from './storage-context';

/** The SQL repositories bound to one handle: the database itself or an open transaction. */
export function createSqlRepositories(
  db: Kysely<DatabaseSchema>,
  dialect: DialectName,
  context: StorageContext,
): StorageRepositories {
  return {
    cursors: new SqlChainCursorRepository(db, context),
    events: new SqlChainEventRepository(db, dialect, context),
    quarantine: new SqlQuarantineRepository(db, dialect, context),
    actions: new SqlChainActionRepository(db, dialect, context),
    projections: new SqlProjectionRepository(db),
    work: new SqlJobWorkRepository(db, dialect, context),
  };
}

/** Storage over an open Database (SQLite or PostgreSQL); see the Storage port for the guarantees. */
export class SqlStorage implements Storage {
  readonly cursors: StorageRepositories['cursors'];
  readonly events: StorageRepositories['events'];
  readonly quarantine: StorageRepositories['quarantine'];
  readonly actions: StorageRepositories['actions'];
  readonly projections: StorageRepositories['projections'];
  readonly work: StorageRepositories['work'];
  /** The worker's provider profile settings (src/providers); outside transactions. */
  readonly providerSettings: ProviderSettingsRepository;

  constructor(
    private readonly database: Database,
    private readonly context: StorageContext = SYSTEM_STORAGE_CONTEXT,
  ) {
    const repositories = createSqlRepositories(database.db, database.dialect, context);
    this.cursors = repositories.cursors;
    this.events = repositories.events;
    this.quarantine = repositories.quarantine;
    this.actions = repositories.actions;
    this.projections = repositories.projections;
    this.work = repositories.work;
    this.providerSettings = new SqlProviderSettingsRepository(database.db, context);
  }

  transaction<T>(work: (tx: StorageRepositories) => Promise<T>): Promise<T> {
    return this.database.transaction((trx) =>
      work(createSqlRepositories(trx, this.database.dialect, this.context)),
    );
  }
}
