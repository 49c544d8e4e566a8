export {
  Database,
  openDatabase,
  parseDatabaseUrl,
  redactDatabaseUrl,
  type DatabaseLocation,
  type DialectName,
  type OpenDatabaseOptions,
} from './database';
export { migrateToLatest, migrationsFor, type MigrationReport } from './migrate-to-latest';
export type { Storage, StorageRepositories } from './storage';
export { SqlStorage, createSqlRepositories } from './sql-storage';
export { SqlChainActionRepository } from './sql-chain-action-repository';
export { SqlChainCursorRepository } from './sql-chain-cursor-repository';
export { SqlChainEventRepository } from './sql-chain-event-repository';
export { SqlQuarantineRepository } from './sql-quarantine-repository';
export { SqlProjectionRepository } from './sql-projection-repository';
export { SqlProjectionTotals } from './sql-projection-totals';
export { SqlLeaseRepository } from './sql-lease-repository';
export { FencedSqlStorage } from './fenced-sql-storage';
export { SYSTEM_STORAGE_CONTEXT, type StorageContext } from './storage-context';
export * from './storage-errors';
export { isStorageOutage } from './storage-outage';
export { SqlOperationsFigures } from './sql-operations-figures';
