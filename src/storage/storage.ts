import type { ChainActionRepository } from '../chain/tx';
import type { FollowerRepositories } from '../chain/follower';
import type { JobWorkRepository } from '../jobs/engine';
import type { ChainActionTimingsReader, WorkTimingsReader } from '../observability';
import type { ProjectionRepository } from '../projections';

/**
 * The unit of work over every repository of the service. Each port lives with the module that
 * needs it (the follower's, the transaction manager's outbox, the engine's work ledger, the read
 * models); the composition root hands each module the part it needs.
 */
export interface StorageRepositories extends FollowerRepositories {
  readonly actions: ChainActionRepository & ChainActionTimingsReader;
  /** Read models of the contracts (src/projections), kept by the ContractProjector. */
  readonly projections: ProjectionRepository;
  /** The job engine's work ledger (src/jobs/engine). */
  readonly work: JobWorkRepository & WorkTimingsReader;
}

/**
 * The repositories, each statement committing on its own, plus `transaction()`: the repositories
 * handed to `work` share one transaction, committed when `work` resolves and rolled back (nothing
 * persisted) when it throws. Do not use the outer repositories inside `work`.
 */
export interface Storage extends StorageRepositories {
  transaction<T>(work: (tx: StorageRepositories) => Promise<T>): Promise<T>;
}
