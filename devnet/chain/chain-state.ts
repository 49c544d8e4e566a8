import type { ContractName } from '../../src/contracts';

/** One account's balance record (System.Account). Amounts in planck. */
export interface AccountRecord {
  nonce: number;
  free: bigint;
  reserved: bigint;
}

/**
 * The whole runtime state after a block, as plain data so that `structuredClone` and
 * `v8.serialize` copy it faithfully (forks, dry runs and the state file rely on that).
 */
export interface ChainState {
  /** keyed by AccountId32 as lowercase hex */
  accounts: Map<string, AccountRecord>;
  /** Revive.OriginalAccount: H160 (lowercase hex) -> AccountId32 hex, filled by `map_account` */
  originalAccount: Map<string, string>;
  /** each contract model's own state */
  contracts: Record<ContractName, unknown>;
  totalIssuance: bigint;
  /** Timestamp.Now of this block, ms */
  timestamp: bigint;
}

export function cloneState(state: ChainState): ChainState {
  return structuredClone(state);
}

export function accountOf(state: ChainState, accountId: string): AccountRecord {
  return state.accounts.get(accountId) ?? { nonce: 0, free: 0n, reserved: 0n };
}
