/**
 * The devnet's fee rule, simple on purpose and documented in the README:
 * fee = BASE_FEE + LENGTH_FEE × encoded length (bytes) + tip, all in planck (10 decimals).
 */
export const BASE_FEE = 1_000_000n;
export const LENGTH_FEE = 1_000n;
export const EXISTENTIAL_DEPOSIT = 10_000_000n;
/** Fixed weight reported for every dispatch, and the weight a contract dry run reports as required. */
export const CALL_WEIGHT = { refTime: 1_000_000_000n, proofSize: 100_000n };

export function feeFor(length: number, tip: bigint): bigint {
  return BASE_FEE + LENGTH_FEE * BigInt(length) + tip;
}
