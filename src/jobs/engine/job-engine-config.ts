import type { H160 } from '../../contracts';
import type { BackoffPolicy } from '../../shared';

export type SettlementMode = 'custodial' | 'user-signed';

/** The job engine's slice of the app config. */
export interface JobEngineConfig {
  /** Our provider H160s: a job assigned to one of them is ours. */
  readonly providers: readonly H160[];
  readonly maxConcurrent: number;
  /** Limit of one attempt (JOB_TIMEOUT). */
  readonly attemptTimeoutMs: number;
  /** Retries after the first attempt (MAX_RETRIES). */
  readonly maxRetries: number;
  /** No attempt starts later than this after discovery (MAX_EXECUTION_TIME). */
  readonly maxExecutionMs: number;
  readonly retry: BackoffPolicy;
  readonly pollIntervalMs: number;
  readonly settlement: {
    readonly mode: SettlementMode;
    /** The depositor key's H160 in custodial mode. */
    readonly custody: H160 | null;
    /** Native value (planck) the service deposits per admitted job in custodial mode. */
    readonly depositPlanck: bigint;
    /** Blocks after a job's deadline before an unsettled escrow is flagged. */
    readonly graceBlocks: number;
  };
  /** The attester key's AccountId32 hex (owner of our attestation anchors on the processor). */
  readonly attesterAccountId: string;
  /** SS58 of the attester key, sent as the anchor's `public_key`. */
  readonly attesterAddress: string;
}

/** Signer roles of the transaction manager used by the engine. */
export const WORKER_ROLE = 'worker';
export const CUSTODY_ROLE = 'custody';

/** How long an admission or start claim hides a row from other instances. */
export const CLAIM_LEASE_MS = 30_000;
/** Extra time a running attempt's lease outlives its timeout (kill, cleanup, recording). */
export const RUN_LEASE_MARGIN_MS = 60_000;
