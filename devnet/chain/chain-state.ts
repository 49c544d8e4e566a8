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
 * Account records are replaced, never changed in place, so that a fork can share them.
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

/**
 * Forks made by `forkState`: the contract states each has made its own copy of so far, or
 * 'sealed' once it is a block's final state, which nothing may write any more.
 */
const forks = new WeakMap<ChainState, Set<string> | 'sealed'>();

/**
 * A working copy of `parent` for a block or a dry run, cheap to make: the account maps are copied
 * (their records are immutable), each contract's state is shared with `parent` until the first
 * `writableContract` on it, which copies just that contract. `parent` is never written.
 */
export function forkState(parent: ChainState): ChainState {
  const fork: ChainState = {
    accounts: new Map(parent.accounts),
    originalAccount: new Map(parent.originalAccount),
    contracts: { ...parent.contracts },
    totalIssuance: parent.totalIssuance,
    timestamp: parent.timestamp,
  };
  forks.set(fork, new Set());
  return fork;
}

/**
 * A contract's state in `state`, ready to be changed in place: on a fork, copied from the parent
 * the first time. A state that is no fork (genesis, restored from a file) is its own owner.
 */
export function writableContract(state: ChainState, name: ContractName): unknown {
  const owned = forks.get(state);
  if (owned === 'sealed') {
    throw new Error('a sealed block state cannot be written; fork it first');
  }
  if (owned !== undefined && !owned.has(name)) {
    state.contracts[name] = structuredClone(state.contracts[name]);
    owned.add(name);
  }
  return state.contracts[name];
}

/**
 * Remembers `state` as it is now and returns what puts it back, for a call that must leave no
 * trace when it fails (one call of a batch). Contract states become shared again, so the next
 * write to one copies it and the checkpoint keeps the old one.
 */
export function checkpoint(state: ChainState): () => void {
  if (forks.get(state) === 'sealed') {
    throw new Error('a sealed block state cannot be written; fork it first');
  }
  const saved = {
    accounts: new Map(state.accounts),
    originalAccount: new Map(state.originalAccount),
    contracts: { ...state.contracts },
    totalIssuance: state.totalIssuance,
    timestamp: state.timestamp,
  };
  forks.set(state, new Set());
  return () => {
    Object.assign(state, saved);
    forks.set(state, new Set());
  };
}

/** Marks a fork as a block's final state: later writes throw instead of reaching its children. */
export function sealState(state: ChainState): void {
  if (forks.has(state)) {
    forks.set(state, 'sealed');
  }
}

export function accountOf(state: ChainState, accountId: string): AccountRecord {
  return state.accounts.get(accountId) ?? { nonce: 0, free: 0n, reserved: 0n };
}
