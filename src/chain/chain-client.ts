/**
 * The ChainClient port: everything the service reads from, or dry-runs against, the chain.
 * One adapter implements it (PolkadotChainClient, over @polkadot/api) for the devnet and Pop alike.
 *
 * Conventions across the port (no Polkadot.js objects cross it):
 * - block numbers are `bigint` (like the storage cursor, STYLE §5); amounts are `bigint`;
 * - hashes, addresses, event data and topics are lowercase `0x` hex strings;
 * - contracts are named by `ContractName`; addresses are compared by bytes, never by SS58 string.
 */
import type { ContractName, ContractPallet } from '../contracts';
import type { BlockRef } from '../shared';

/** A block header as far as the follower needs it; all hashes lowercase `0x` hex. */
export interface BlockHeader extends BlockRef {
  readonly parentHash: string;
}

export type HeadKind = 'best' | 'finalized';

/** Called for every head delivered; a throwing listener is logged and does not affect others. */
export type HeadListener = (head: BlockHeader) => void;

export type Unsubscribe = () => void;

/** One `revive.ContractEmitted` / `contracts.ContractEmitted` of a configured contract. */
export interface RawContractEvent {
  /** The block whose `System.Events` held the event. */
  readonly block: BlockRef;
  /** Position in that block's `System.Events` (unique per block: the chain-event key). */
  readonly eventIndex: number;
  /** The extrinsic that emitted it (`ApplyExtrinsic` phase), or null in other phases. */
  readonly extrinsicIndex: number | null;
  readonly pallet: ContractPallet;
  readonly contract: ContractName;
  /** H160 (revive) or AccountId32 (contracts), lowercase `0x` hex. */
  readonly contractAddress: string;
  /** SCALE-encoded event fields (no length prefix), as `decodeEvent` expects. */
  readonly data: string;
  /** Signature topic first. revive: the event's own topics, or `EventRecord.topics` when empty. */
  readonly topics: readonly string[];
}

/** A contract message to dry-run (`ReviveApi_call` / `ContractsApi_call`). */
export interface ContractCall {
  readonly contract: ContractName;
  /** Caller: SS58 or `0x` + 64 hex AccountId32. */
  readonly origin: string;
  /** Native planck sent with the call. */
  readonly value: bigint;
  /** Selector + SCALE arguments (see `encodeCall` in contracts/). */
  readonly input: string | Uint8Array;
  /** Block hash to run against; the active endpoint's best block when absent. */
  readonly at?: string;
}

export interface Weight {
  readonly refTime: bigint;
  readonly proofSize: bigint;
}

/**
 * Outcome of a dry run. `ok: true` means the contract returned (check `isReverted` and decode
 * `data`: these contracts usually fail by returning false/0/None). `ok: false` carries the
 * dispatch error name, e.g. 'ContractTrapped' or 'AccountUnmapped'.
 */
export type DryRunResult =
  | {
      readonly ok: true;
      readonly flags: number;
      readonly isReverted: boolean;
      readonly data: string;
      readonly gasRequired: Weight;
      readonly storageDeposit: bigint;
    }
  | { readonly ok: false; readonly error: string; readonly gasRequired: Weight };

export interface AccountState {
  readonly free: bigint;
  readonly nonce: number;
}

export type EndpointStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stopped';

/** Health of one configured endpoint, for logs, metrics and readiness. */
export interface EndpointState {
  readonly url: string;
  readonly status: EndpointStatus;
  readonly isActive: boolean;
  /** Connected, on the expected chain, and not lagging behind the others on finality. */
  readonly isTrusted: boolean;
  /** Why it is not trusted (null when trusted). */
  readonly distrustReason: string | null;
  /** 0..100, higher is healthier; 0 when not trusted. */
  readonly score: number;
  readonly latencyMs: number | null;
  readonly bestNumber: bigint | null;
  readonly finalizedNumber: bigint | null;
  /** Milliseconds since it last announced a new best head (null before the first). */
  readonly headAgeMs: number | null;
  readonly consecutiveFailures: number;
  /** How often a head stall was detected on it (each one leads to a resubscription). */
  readonly stallCount: number;
  readonly lastError: string | null;
}

export type ChainClientErrorCode = 'unavailable' | 'timeout' | 'stopped' | 'unknown-contract';

export class ChainClientError extends Error {
  constructor(
    readonly code: ChainClientErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChainClientError';
  }
}

/**
 * Reads the chain through the healthiest of several RPC endpoints.
 *
 * What callers may assume:
 * - Every read is answered by one trusted endpoint (connected, same genesis, finality not lagging
 *   the best-known finalized height by more than the configured limit). A read that fails for
 *   transport reasons is retried once on the next active endpoint; otherwise the error is thrown.
 *   Reads wait for an active endpoint up to the request timeout, then fail with
 *   `ChainClientError('unavailable')`.
 * - Heads are delivered AT LEAST ONCE: after a reconnect, a resubscription or an endpoint switch
 *   the current head is delivered again. Per kind, delivery is sequential (a listener never sees
 *   two heads concurrently). Finalized heads come in ascending height: gaps (finality jumps,
 *   switches) are filled from canonical hashes up to a bounded number of blocks; a consumer must
 *   still fill larger gaps from its own cursor. Best heads may repeat or go back (reorgs).
 * - Different endpoints may hold different forks of the best chain: hashes from `best` heads are
 *   tentative; only finalized refs are stable.
 * - `getContractEvents` returns the configured contracts' events in `System.Events` order.
 */
export interface ChainClient {
  /** Connects to the endpoints; resolves once one is active, rejects if none becomes active in time. */
  start(): Promise<void>;
  /** Closes every connection and drops all listeners; idempotent. */
  stop(): Promise<void>;
  getGenesisHash(): Promise<string>;
  getFinalizedHead(): Promise<BlockRef>;
  getBestHead(): Promise<BlockRef>;
  /** The canonical block at `number` on the active endpoint, or null when it has no such block. */
  getBlockRef(number: bigint): Promise<BlockRef | null>;
  getHeader(hash: string): Promise<BlockHeader>;
  getContractEvents(block: BlockRef): Promise<RawContractEvent[]>;
  subscribeHeads(kind: HeadKind, onHead: HeadListener): Unsubscribe;
  dryRun(call: ContractCall): Promise<DryRunResult>;
  /** Free balance and nonce of an account (SS58 or `0x` + 64 hex). */
  getAccount(address: string): Promise<AccountState>;
  getEndpointStates(): EndpointState[];
}

export const CHAIN_CLIENT = Symbol('ChainClient');
