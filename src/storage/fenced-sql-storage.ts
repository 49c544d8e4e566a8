import type { LeaseFence } from '../leadership';
import type { Database } from './database';
import type { Storage, StorageRepositories } from './storage';
import { assertLeaseHeld } from './sql-lease-repository';
import { createSqlRepositories, SqlStorage } from './sql-storage';
import { SYSTEM_STORAGE_CONTEXT, type StorageContext } from './storage-context';

/**
 * SqlStorage whose transactions commit only within one lease tenure: each one first checks (and on
 * PostgreSQL share-locks) the lease row, and fails with LeaseLostError, writing nothing, once
 * another instance holds the lease. A stale leader therefore cannot commit after a takeover.
 * Statements outside `transaction()` are not fenced: give a fenced writer only reads there.
 */
export class FencedSqlStorage extends SqlStorage implements Storage {
  constructor(
    private readonly fencedDatabase: Database,
    private readonly fence: LeaseFence,
    private readonly fencedContext: StorageContext = SYSTEM_STORAGE_CONTEXT,
  ) {
    super(fencedDatabase, fencedContext);
  }

  override transaction<T>(work: (tx: StorageRepositories) => Promise<T>): Promise<T> {
    const { dialect } = this.fencedDatabase;
    return this.fencedDatabase.transaction(async (trx) => {
      await assertLeaseHeld(trx, dialect, this.fence);
      return work(createSqlRepositories(trx, dialect, this.fencedContext));
    });
  }
}
