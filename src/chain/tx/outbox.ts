import type { ContractName } from '../../contracts';
import type { BlockRef, JsonInput, JsonValue } from '../../shared';

/*
 * The transaction manager's outbox port (`chain_actions`); src/storage implements it.
 * Hashes are lowercase `0x` hex; amounts and block numbers are bigint; times are UTC `Date`s.
 */

/**
 * pending → claimed → submitted → included → finalized; claimed/submitted/included → pending
 * (reschedule); any non-terminal → failed. A claimed action whose lease ran out is due again.
 */
export type ChainActionStatus =
  'pending' | 'claimed' | 'submitted' | 'included' | 'finalized' | 'failed';

export const CHAIN_ACTION_STATUSES: readonly ChainActionStatus[] = [
  'pending',
  'claimed',
  'submitted',
  'included',
  'finalized',
  'failed',
];

export interface NewChainAction {
  /** E.g. `job:42:mark_completed`; one action per key, ever. */
  readonly idempotencyKey: string;
  readonly contract: ContractName;
  readonly message: string;
  readonly args: JsonInput;
  /** Native value sent with the call; default 0. */
  readonly value?: bigint;
  /** Which service key signs (e.g. `provider`, `attester`). */
  readonly signerRole: string;
  /** Not due before this time; default now. */
  readonly notBefore?: Date;
}

export interface ChainAction {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly contract: ContractName;
  readonly message: string;
  readonly args: JsonValue;
  readonly value: bigint;
  readonly signerRole: string;
  readonly status: ChainActionStatus;
  /** Number of claims so far; also the fencing token of the current claim. */
  readonly attempts: number;
  readonly lastError: string | null;
  readonly txHash: string | null;
  readonly includedIn: BlockRef | null;
  readonly finalizedBlockHash: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** When it is due (pending) or when the current claim's lease ends (claimed/submitted/included). */
  readonly nextAttemptAt: Date;
  /**
   * The latest signed transaction of this action (write-ahead: recorded before it is submitted),
   * or null before the first signature. Only the latest one can still be live: the transaction
   * manager signs a new one only after proving the previous one can never be included.
   */
  readonly signedTx: SignedTxRecord | null;
}

/** A signed extrinsic as recorded before submission (see `ChainActionRepository.recordSignedTx`). */
export interface SignedTxRecord {
  /** Extrinsic hash (blake2-256 of `bytes`), lowercase `0x` hex. */
  readonly txHash: string;
  /** The signed extrinsic, lowercase `0x` hex; re-sending it can never double the effect. */
  readonly bytes: string;
  /** The signer's account (SS58 or `0x` AccountId32). */
  readonly signerAddress: string;
  readonly nonce: bigint;
  /** Mortal era: the transaction is valid only in blocks numbered [eraBirth, eraDeath). */
  readonly eraBirth: bigint;
  readonly eraDeath: bigint;
  readonly signedAt: Date;
}

/** The action as its claimer saw it: transitions only apply while `attempts` still matches. */
export interface ChainActionRef {
  readonly id: string;
  readonly attempts: number;
}

/**
 * The transaction manager's outbox. Every write is keyed or fenced, so a crash and a replay
 * can neither duplicate an action nor let a stale claimer overwrite a newer attempt.
 */
export interface ChainActionRepository {
  /**
   * Inserts the action, or returns the one already stored under its idempotency key
   * (`isNew: false`). Race-free: relies on the unique key, not on a prior read.
   * @throws IdempotencyKeyConflictError when the key names another contract/message.
   */
  enqueue(action: NewChainAction): Promise<{ action: ChainAction; isNew: boolean }>;
  get(id: string): Promise<ChainAction | null>;
  findByKey(idempotencyKey: string): Promise<ChainAction | null>;
  /** The actions stored under any of `idempotencyKeys` (absent keys have none), in one read. */
  findByKeys(idempotencyKeys: readonly string[]): Promise<ChainAction[]>;
  /**
   * Claims the oldest due action (pending, or claimed with an expired lease): status `claimed`,
   * attempts + 1, leased for `leaseMs`. Concurrent claimers never get the same action
   * (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer at a time).
   */
  claimNext(leaseMs: number): Promise<ChainAction | null>;
  markSubmitted(ref: ChainActionRef, txHash: string): Promise<ChainAction>;
  /**
   * Write-ahead: records the signed transaction (and its hash as `txHash`) BEFORE it is sent;
   * claimed/submitted → submitted, leased until `leaseUntil`. From `submitted` it replaces a
   * transaction that the caller proved dead (e.g. rejected by the pool as stale).
   */
  recordSignedTx(ref: ChainActionRef, tx: SignedTxRecord, leaseUntil: Date): Promise<ChainAction>;
  /**
   * Claims the oldest in-flight action (submitted or included) whose lease ran out, e.g. after
   * its owner crashed: attempts + 1 (the new fencing token), status unchanged, leased for `leaseMs`.
   */
  claimNextInFlight(leaseMs: number): Promise<ChainAction | null>;
  /** Extends the lease of a claimed/submitted/included action held under `ref`. */
  extendLease(ref: ChainActionRef, leaseUntil: Date): Promise<ChainAction>;
  markIncluded(ref: ChainActionRef, block: BlockRef): Promise<ChainAction>;
  markFinalized(ref: ChainActionRef, blockHash: string): Promise<ChainAction>;
  /** Back to pending (dropped tx, fork, retryable error), due at `notBefore`. */
  reschedule(ref: ChainActionRef, error: string, notBefore: Date): Promise<ChainAction>;
  markFailed(ref: ChainActionRef, error: string): Promise<ChainAction>;
  /** Oldest first (created_at, id); e.g. `submitted`/`included` to resume tracking after a restart. */
  listByStatus(statuses: readonly ChainActionStatus[], limit: number): Promise<ChainAction[]>;
  /** How many actions are in each status (one aggregate query). */
  countByStatus(): Promise<Record<ChainActionStatus, number>>;
}
