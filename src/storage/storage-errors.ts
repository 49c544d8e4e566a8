/** Errors of the storage adapters themselves (opening, migrating); see src/shared/storage-errors.ts. */
import { StorageError } from '../shared';

/** The database URL has no supported scheme or names a store that is not allowed here. */
export class DatabaseUrlError extends StorageError {
  constructor(message: string, details?: Readonly<Record<string, unknown>>) {
    super('DATABASE_URL_INVALID', message, details);
  }
}

/** The database could not be opened or reached. */
export class DatabaseUnavailableError extends StorageError {
  constructor(message: string, details: Readonly<Record<string, unknown>>, cause: unknown) {
    super('DATABASE_UNAVAILABLE', message, details, { cause });
  }
}

/** A migration failed; the migrator rolled back the batch it was running. */
export class MigrationFailedError extends StorageError {
  constructor(migrationName: string | undefined, cause: unknown) {
    super(
      'MIGRATION_FAILED',
      `migration ${migrationName ?? '(setup)'} failed`,
      { migrationName },
      { cause },
    );
  }
}
