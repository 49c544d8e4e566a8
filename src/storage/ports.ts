import type { ContractName, ContractPallet } from '../contracts/types';
import type { ProjectionRepository } from '../projections/projection-repository';
import type { JobWorkRepository } from '../jobs/engine/job-work';
import type { BlockRef, JsonInput, JsonValue, Page } from '../shared';

/*
 * Domain types and ports of the storage adapters. They live here until the chain and tx-manager
 * modules exist; then each port moves to the module that needs it (STYLE §2) and this file re-exports.
 * Hashes and addresses are lowercase `0x` hex (adapters lowercase what they are given); block numbers
 * and amounts are bigint; times are UTC `Date`s.
 */

// ---- cursors

/** `best`: the follower's tentative head; `finalized`: the last finalized block it processed. */
export type CursorLane = 'best' | 'finalized';

export interface ChainCursor {
  readonly lane: CursorLane;
  readonly block: BlockRef;
  /** Starts at 1 when the cursor is created; +1 on every advance. 0 means "no cursor yet". */
  readonly version: number;
  readonly updatedAt: Date;
}

/**
 * The follower's persisted position per lane, with optimistic locking (STYLE §6).
 * Move it inside the same `Storage.transaction` as everything derived from the block.
 */
export interface ChainCursorRepository {
  /** The cursor of `lane`, or null before the first advance. */
  get(lane: CursorLane): Promise<ChainCursor | null>;
  /**
   * Moves `lane` to `to` if and only if it is still at `expectedVersion` (0 = create it), and
   * returns the cursor at `expectedVersion + 1`. Moving backwards (fork rollback) is allowed.
   * @throws StaleCursorError when the cursor is at another version: another follower won; stop.
   */
  advance(lane: CursorLane, expectedVersion: number, to: BlockRef): Promise<ChainCursor>;
}

// ---- chain events

export interface NewChainEvent {
  readonly block: BlockRef;
  /** Index of the event in the block's System.Events. */
  readonly eventIndex: number;
  readonly extrinsicIndex: number | null;
  /** False for best-block (tentative) events, which a fork may roll back. */
  readonly isFinal: boolean;
  readonly pallet: ContractPallet;
  readonly contract: ContractName;
  readonly contractAddress: string;
  readonly eventName: string;
  readonly topics: readonly string[];
  readonly dataHex: string;
  readonly decoded: JsonInput;
}

export interface ChainEvent extends Omit<NewChainEvent, 'topics' | 'decoded'> {
  readonly id: string;
  readonly topics: string[];
  readonly decoded: JsonValue;
  readonly createdAt: Date;
}

export interface ChainEventFilter {
  readonly contract?: ContractName;
  readonly contractAddress?: string;
  readonly eventName?: string;
  readonly isFinal?: boolean;
  /** Inclusive bounds on the block number. */
  readonly fromBlock?: bigint;
  readonly toBlock?: bigint;
}

export interface ListChainEventsQuery extends ChainEventFilter {
  /** 1..1000. */
  readonly limit: number;
  readonly cursor?: string | null;
}

/**
 * Contract events, unique on (block hash, event index).
 * Ordering of listings: newest first by (block number, block hash, event index), descending.
 */
export interface ChainEventRepository {
  /**
   * Stores the events whose (block hash, event index) is not stored yet and returns how many were
   * new. Idempotent: replaying a block inserts nothing and never changes a stored row (use
   * `markFinal` to promote tentative rows). Large batches are written in chunks: call it inside
   * `Storage.transaction` when the whole batch must land or not at all.
   */
  insertMany(events: readonly NewChainEvent[]): Promise<number>;
  listRecent(query: ListChainEventsQuery): Promise<Page<ChainEvent>>;
  /** Fork rollback: deletes tentative events above `blockNumber`; final rows are never touched. */
  deleteTentativeAbove(blockNumber: bigint): Promise<number>;
  /** Fork rollback: deletes tentative events of the orphaned blocks; final rows are never touched. */
  deleteByBlockHashes(blockHashes: readonly string[]): Promise<number>;
  /** On finality: deletes tentative events at `block.number` of any other block hash. */
  deleteTentativeSiblings(block: BlockRef): Promise<number>;
  /** Marks every event of the block final (idempotent); returns how many rows changed. */
  markFinal(blockHash: string): Promise<number>;
  count(filter?: ChainEventFilter): Promise<number>;
}

// ---- quarantine

export interface NewQuarantinedEvent {
  readonly block: BlockRef;
  readonly eventIndex: number;
  readonly extrinsicIndex: number | null;
  readonly isFinal: boolean;
  readonly pallet: ContractPallet;
  readonly contractAddress: string;
  /** Why it could not be decoded (decoder error message, unknown selector…). */
  readonly reason: string;
  readonly topics: readonly string[];
  readonly dataHex: string;
}

export interface QuarantinedEvent extends Omit<NewQuarantinedEvent, 'topics'> {
  readonly id: string;
  readonly topics: string[];
  readonly createdAt: Date;
}

/**
 * Events of our contracts that could not be decoded, kept with the reason and the raw bytes instead
 * of being dropped. Same uniqueness, ordering and fork rules as ChainEventRepository.
 */
export interface QuarantineRepository {
  /** Stores the entries not stored yet (by block hash + event index); returns how many were new. */
  add(events: readonly NewQuarantinedEvent[]): Promise<number>;
  listRecent(query: {
    readonly limit: number;
    readonly cursor?: string | null;
  }): Promise<Page<QuarantinedEvent>>;
  deleteTentativeAbove(blockNumber: bigint): Promise<number>;
  deleteByBlockHashes(blockHashes: readonly string[]): Promise<number>;
  deleteTentativeSiblings(block: BlockRef): Promise<number>;
  markFinal(blockHash: string): Promise<number>;
  count(): Promise<number>;
}

// ---- outbox of on-chain actions

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
  /**
   * Per contract message, over every finalized action (rows that never change again, so the
   * histograms only grow): blocks from the block the latest transaction was signed at (its era
   * birth) to the block that included it (when only the finalized block's hash is recorded, its
   * number comes from the stored events of that block; actions in a block without one of our
   * events are left out); seconds from that signature to the finalized mark; and
   * claims beyond the first summed over all actions of the message (re-signs after a reschedule,
   * recoveries after a crash). One aggregate query each; the result size is bounded by the bounds.
   */
  timingHistograms(bounds: ChainActionTimingBounds): Promise<ChainActionTimings[]>;
}

/** Upper bounds (inclusive, ascending) of histogram buckets; a last +Inf bucket is implied. */
export interface ChainActionTimingBounds {
  readonly inclusionBlocks: readonly number[];
  readonly finalitySeconds: readonly number[];
}

/** Values counted per bucket (not cumulative; `counts.length` = bounds + 1), with sum and count. */
export interface BucketCounts {
  readonly counts: readonly number[];
  readonly sum: number;
  readonly count: number;
}

export interface ChainActionTimings {
  readonly message: string;
  readonly inclusionBlocks: BucketCounts;
  readonly finalitySeconds: BucketCounts;
  /** Claims beyond the first, summed over every action of this message (any status). */
  readonly extraAttempts: number;
}

// ---- unit of work

export interface StorageRepositories {
  readonly cursors: ChainCursorRepository;
  readonly events: ChainEventRepository;
  readonly quarantine: QuarantineRepository;
  readonly actions: ChainActionRepository;
  /** Read models of the contracts (src/projections), kept by the ContractProjector. */
  readonly projections: ProjectionRepository;
  /** The job engine's work ledger (src/jobs/engine). */
  readonly work: JobWorkRepository;
}

/**
 * The repositories, each statement committing on its own, plus `transaction()`: the repositories
 * handed to `work` share one transaction, committed when `work` resolves and rolled back (nothing
 * persisted) when it throws. Do not use the outer repositories inside `work`.
 */
export interface Storage extends StorageRepositories {
  transaction<T>(work: (tx: StorageRepositories) => Promise<T>): Promise<T>;
}
