import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database, DialectName } from './database';
import { chainCursorsAndEvents } from './migrations/0001-chain-cursors-and-events';
import { quarantinedEvents } from './migrations/0002-quarantined-events';
import { chainActions } from './migrations/0003-chain-actions';
import { chainActionSignedTx } from './migrations/0004-chain-action-signed-tx';
import { projections } from './migrations/0005-projections';
import { jobWork } from './migrations/0006-job-work';
import { leases } from './migrations/0007-leases';
import { providerSettings } from './migrations/0008-provider-settings';
import { idOrderIndexes } from './migrations/0009-id-order-indexes';
import { MigrationFailedError } from './storage-errors';

/**
 * Every migration, in order, built for one dialect. A static list (no directory scan) so it works
 * the same from `src/` under ts-node/jest and from `dist/` after `tsc`.
 */
export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-chain-cursors-and-events': chainCursorsAndEvents(dialect),
    '0002-quarantined-events': quarantinedEvents(dialect),
    '0003-chain-actions': chainActions(dialect),
    '0004-chain-action-signed-tx': chainActionSignedTx(dialect),
    '0005-projections': projections(dialect),
    '0006-job-work': jobWork(dialect),
    '0007-leases': leases(dialect),
    '0008-provider-settings': providerSettings(dialect),
    '0009-id-order-indexes': idOrderIndexes(dialect),
  };
}

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}

  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(this.migrations);
  }
}

export interface MigrationReport {
  /** Names of the migrations this call applied, in order; empty when already up to date. */
  readonly applied: readonly string[];
}

/**
 * Brings the schema to the latest migration. Idempotent; safe to race from several processes
 * (PostgreSQL: advisory lock; SQLite: the batch runs in one `BEGIN IMMEDIATE` transaction).
 * Throws MigrationFailedError (with the driver error as cause) after the batch was rolled back.
 */
export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: database.db,
    provider: new StaticMigrationProvider(migrationsFor(database.dialect)),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    throw new MigrationFailedError(failed?.migrationName, error);
  }
  return {
    applied: results
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName),
  };
}
