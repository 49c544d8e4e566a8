import type { BackoffPolicy, Clock, Logger, PassHealthConfig } from '../../shared';
import type { ChainClient } from '..';
import type { ChainActionRepository } from './outbox';
import type { SignerSet } from './signer';
import type { TransactionSubmitter } from './transaction-submitter';

/** The transaction manager's slice of the app config (plain object; no env reads here). */
export interface TxManagerConfig {
  /** How long a claim (and an in-flight transaction) stays ours without renewal. */
  readonly leaseMs: number;
  /** Pause between rounds (claim, track, renew). */
  readonly pollIntervalMs: number;
  /** Actions held at once (preparing or in flight), across keys. */
  readonly maxInFlight: number;
  /** Tries (claims) per action before it fails with an alert. */
  readonly maxAttempts: number;
  /** Backoff with jitter between tries of one action. */
  readonly retry: BackoffPolicy;
  /** Mortal era length in blocks (power of two); bounds the recovery scan. */
  readonly eraPeriod: number;
  /** Re-send the same bytes when a transaction is in no block after this long. */
  readonly resendAfterMs: number;
  /** Added to the dry run's gas and storage deposit, in percent. */
  readonly gasMarginPercent: number;
  /** How long `start()` waits for a `revive.mapAccount` to land. */
  readonly mapAccountTimeoutMs: number;
  /** When its rounds make it unhealthy (GET /ready); default DEFAULT_PASS_HEALTH. */
  readonly health?: PassHealthConfig;
}

/** Lifecycle notifications, e.g. for metrics and tests; a throwing listener is ignored. */
export interface TxManagerListener {
  onSubmitted?(idempotencyKey: string, txHash: string, nonce: number): void;
  /** The same signed bytes were sent again (dropped, orphaned, or recovered after a restart). */
  onResent?(idempotencyKey: string, txHash: string): void;
  onIncluded?(idempotencyKey: string, blockHash: string): void;
  onFinalized?(idempotencyKey: string, blockHash: string): void;
  onRescheduled?(idempotencyKey: string, reason: string): void;
  /** The action failed for good: a person should look (also logged at error level). */
  onAlert?(idempotencyKey: string, reason: string): void;
}

export interface TxManagerDeps {
  readonly actions: ChainActionRepository;
  readonly chain: ChainClient;
  readonly submitter: TransactionSubmitter;
  readonly signers: SignerSet;
  readonly clock: Clock;
  readonly log: Logger;
  readonly listener?: TxManagerListener;
  /** [0, 1) source for backoff jitter; Math.random by default. */
  readonly random?: () => number;
}
