import type { ChainClient } from '../chain';
import type { JobStatus } from '../contracts';
import type { FollowerRepositories } from '../chain/follower';

/**
 * What the observability queries read. They are narrowed views of the follower's store and the
 * chain-client ports: read-only.
 */
export type ServiceStore = Pick<FollowerRepositories, 'events' | 'cursors' | 'quarantine'>;

/** `getAccount` (signer balances) is optional: a view without it reports balances as unknown. */
export type ChainView = Pick<ChainClient, 'getFinalizedHead' | 'getEndpointStates' | 'dryRun'> &
  Partial<Pick<ChainClient, 'getAccount'>>;

/** Escrow records by state: `held` = neither released nor refunded. */
export const ESCROW_STATES = ['held', 'released', 'refunded'] as const;
export type EscrowState = (typeof ESCROW_STATES)[number];

/** Totals over the contracts' read models, each from one aggregate query. */
export interface ProjectionTotals {
  readonly jobsByStatus: Readonly<Record<JobStatus, number>>;
  /**
   * Count and summed `amount` (contract units, exact) per state. The contract zeroes `amount` on
   * release and refund, so only `held` carries money.
   */
  readonly escrows: Readonly<
    Record<EscrowState, { readonly count: number; readonly amount: bigint }>
  >;
  readonly confidentialJobs: {
    readonly total: number;
    readonly processed: number;
    /** With at least one recorded attestation. */
    readonly attested: number;
  };
  readonly mevBatches: {
    readonly total: number;
    /** With an execution result recorded. */
    readonly executed: number;
    readonly intents: number;
  };
}

/** Reads ProjectionTotals (SqlProjectionTotals in src/storage). */
export interface ProjectionTotalsReader {
  read(): Promise<ProjectionTotals>;
}
