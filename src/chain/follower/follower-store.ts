import type { ContractName, ContractPallet } from '../../contracts';
import type { BlockRef, JsonInput, JsonValue, Page } from '../../shared';

/*
 * The follower's store ports: its persisted position (cursors), the contract events it stores and
 * the events it could not decode (quarantine), and the unit of work that moves them together.
 * src/storage implements them. Hashes and addresses are lowercase `0x` hex; block numbers are
 * bigint; times are UTC `Date`s.
 */

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
 * Move it inside the same `FollowerStore.transaction` as everything derived from the block.
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
   * `FollowerStore.transaction` when the whole batch must land or not at all.
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
  /**
   * On finality of `blocks` (a follower batch): `markFinal` and `deleteTentativeSiblings` for each
   * of them, in a few statements for the whole batch. Idempotent.
   */
  settleFinal(blocks: readonly BlockRef[]): Promise<void>;
  count(filter?: ChainEventFilter): Promise<number>;
}

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
  settleFinal(blocks: readonly BlockRef[]): Promise<void>;
  count(): Promise<number>;
}

/** The repositories the follower writes a block with. */
export interface FollowerRepositories {
  readonly cursors: ChainCursorRepository;
  readonly events: ChainEventRepository;
  readonly quarantine: QuarantineRepository;
}

/**
 * The follower's repositories, each statement committing on its own, plus `transaction()`: the
 * repositories handed to `work` share one transaction, committed when `work` resolves and rolled
 * back (nothing persisted) when it throws. `R` is what a transaction hands over: the follower's
 * repositories and whatever its BlockProjector writes in the same transaction.
 */
export interface FollowerStore<
  R extends FollowerRepositories = FollowerRepositories,
> extends FollowerRepositories {
  transaction<T>(work: (tx: R) => Promise<T>): Promise<T>;
}
