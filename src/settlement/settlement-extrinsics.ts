import type { H160 } from '../contracts';

export interface CallWeight {
  readonly refTime: bigint;
  readonly proofSize: bigint;
}

/** A contract call dry-run as its signer and built as the extrinsic the wallet submits. */
export type PreparedExtrinsic =
  | {
      readonly ok: true;
      /** Dry-run gas plus a margin. */
      readonly gasLimit: CallWeight;
      readonly storageDepositLimit: bigint;
      /** e.g. `revive.call`. */
      readonly method: string;
      /** The SCALE-encoded call (pallet index, call index, arguments) as `0x` hex. */
      readonly callHex: string;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Prepares contract calls for someone else to sign (port; a Polkadot.js adapter implements it).
 * Reads only; never signs or submits.
 */
export interface SettlementExtrinsics {
  /** The Substrate account (SS58) behind a mapped H160 (`revive.originalAccount`); null if unmapped. */
  substrateAccountOf(h160: H160): Promise<string | null>;
  /** Dry-runs a payment_escrow message as `origin` (SS58) and builds the extrinsic's call. */
  prepare(
    origin: string,
    call: { readonly message: string; readonly callData: string },
  ): Promise<PreparedExtrinsic>;
}
