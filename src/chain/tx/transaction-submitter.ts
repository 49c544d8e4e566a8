import type { ContractName } from '../../contracts';
import type { Weight } from '..';
import type { BlockRef } from '../../shared';
import type { Signer } from './signer';

/** A contract message call to sign as an extrinsic (`revive.call` / `contracts.call`). */
export interface ContractTxRequest {
  readonly contract: ContractName;
  /** Selector + SCALE arguments. */
  readonly input: Uint8Array;
  /** Native planck sent with the call. */
  readonly value: bigint;
  readonly gasLimit: Weight;
  readonly storageDepositLimit: bigint;
}

/** The mortal era to sign with: valid from `birth` (a finalized block) for `period` blocks. */
export interface EraWindow {
  readonly birth: BlockRef;
  /** Power of two, 4..65536. */
  readonly period: number;
}

/** A signed extrinsic, ready to submit (and to re-submit byte for byte). */
export interface SignedTx {
  readonly hash: string;
  readonly bytes: string;
  readonly nonce: number;
  /** Valid in blocks [eraBirth, eraDeath). */
  readonly eraBirth: bigint;
  readonly eraDeath: bigint;
}

/**
 * Why the node refused a transaction at submission. `stale`: its nonce is used already;
 * `future`: the nonce is ahead (only nodes that refuse futures say so); `conflict`: another
 * transaction with the same nonce waits in the pool; `alreadyKnown`: these very bytes are in the pool.
 */
export type RejectReason =
  | 'stale'
  | 'future'
  | 'conflict'
  | 'alreadyKnown'
  | 'payment'
  | 'badProof'
  | 'ancientBirthBlock'
  | 'invalid';

export type SubmitResult =
  | { readonly accepted: true; readonly hash: string }
  | { readonly accepted: false; readonly reason: RejectReason; readonly message: string };

/**
 * What the transaction manager needs from the chain beyond the read-only ChainClient: signing,
 * submission, nonces and the extrinsics of a block.
 *
 * What callers may assume: `submit` answers `accepted` or a classified rejection; transport
 * failures THROW (then nobody knows whether the node took the bytes). Signing never touches the
 * network. Reads may be answered by the best or finalized state as each method says.
 */
export interface TransactionSubmitter {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** `system_accountNextIndex`: the next nonce, counting the node's pool. */
  nextNonce(address: string): Promise<number>;
  /** The account nonce in the state of block `blockHash` (e.g. the finalized head). */
  nonceAt(address: string, blockHash: string): Promise<number>;
  /** Extrinsic hashes of a block in order (index = extrinsic index), lowercase hex. */
  extrinsicHashes(blockHash: string): Promise<string[]>;
  signContractCall(
    request: ContractTxRequest,
    signer: Signer,
    nonce: number,
    era: EraWindow,
  ): Promise<SignedTx>;
  signMapAccount(signer: Signer, nonce: number, era: EraWindow): Promise<SignedTx>;
  /** Whether `signer` is mapped for pallet-revive (`revive.originalAccount(h160)` is Some). */
  isMapped(signer: Signer): Promise<boolean>;
  submit(bytes: string): Promise<SubmitResult>;
}
