import type { ContractEvent } from '../../contracts';
import type { BlockRef } from '../../shared';

/**
 * Keeps read models (jobs, escrows, providers, …) in step with finalized contract events.
 * `prepare` may read the chain (outside any database transaction); `apply` writes inside the
 * follower's transaction (`tx`: the repositories of FollowerStore.transaction), together with the
 * events and the cursor, so a block is projected exactly once.
 */
export interface BlockProjector<P = unknown, R = unknown> {
  prepare(block: BlockRef, events: readonly ContractEvent[]): Promise<P>;
  apply(tx: R, block: BlockRef, prepared: P): Promise<void>;
}
