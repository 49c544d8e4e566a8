import { chainActionRepositoryContract } from './chain-action-repository-contract';
import { InMemoryChainActionRepository } from './in-memory-chain-action-repository';

// The same suite runs on SQLite and PostgreSQL in test/integration/storage-outbox.int-spec.ts.
chainActionRepositoryContract('InMemoryChainActionRepository', (clock) =>
  Promise.resolve(new InMemoryChainActionRepository(clock)),
);
