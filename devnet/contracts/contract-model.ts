import type { AccountIdHex, ContractEvent, ContractName, H160 } from '../../src/contracts';

/**
 * An account as a contract model sees it: a mapped H160 on pallet-revive contracts, an AccountId
 * hex on pallet-contracts ones.
 */
// eslint-disable-next-line @typescript-eslint/no-duplicate-type-constituents -- both are `0x${string}` aliases; the union names the two accepted forms
export type ModelAccount = H160 | AccountIdHex;

/**
 * The environment one contract call sees (spec/contracts.md §2.2, §2.3).
 * The devnet runtime builds it per call; the models only read it and request transfers.
 */
export interface CallContext {
  /** the caller as the contract sees it: mapped H160 on pallet-revive contracts, AccountId hex on pallet-contracts ones */
  caller: ModelAccount;
  /** transferred value as the contract sees it: contract units (native × 1e8) on revive, planck on pallet-contracts */
  value: bigint;
  blockNumber: number;
  /** block_timestamp() as the contract sees it (ms; the runtime decides) */
  timestamp: bigint;
  /** pays `amount` (contract units on revive) from the contract to `to`; false when the runtime refuses (e.g. not a multiple of 1e8, insufficient balance) */
  transfer(to: ModelAccount, amount: bigint): boolean;
}

/**
 * How a call ended. `returned` commits state changes and keeps the transferred value, even when
 * the value is `false` / `0` / `null` (the contracts' silent failures, spec §2.1 (a)).
 * `trapped` is a panic: the runtime reverts everything, the transferred value included (§2.1 (b)).
 */
export type CallOutcome =
  | { kind: 'returned'; value: unknown; events: ContractEvent[] }
  | { kind: 'trapped'; reason: string };

/**
 * A pure TypeScript model of one PolkaMesh ink! contract, following spec/contracts.md §3–§8.
 * State is plain data (objects, Maps, Sets, arrays, bigint, strings) so that `structuredClone`
 * and `v8.serialize` copy it faithfully.
 */
export interface ContractModel<S> {
  name: ContractName;
  /** fresh state as after `new(...)` with the deploy arguments of spec §1.2, deployer = `admin` */
  genesis(admin: ModelAccount): S;
  /**
   * Executes one message; may mutate `state` (the runtime passes a copy and discards it on trap).
   * Throws on an unknown message name or on arguments that do not match the message's types.
   */
  call(state: S, ctx: CallContext, message: string, args: Record<string, unknown>): CallOutcome;
}

export const U8_MAX = 0xff;
export const U32_MAX = 0xffff_ffff;
export const U64_MAX = (1n << 64n) - 1n;
export const U128_MAX = (1n << 128n) - 1n;
export const U256_MAX = (1n << 256n) - 1n;

/** The panic of ink!'s `U256::as_u128()` on a value above u128::MAX. */
export const U128_OVERFLOW_TRAP = 'Integer overflow when casting to u128';
/** ink!'s `DispatchError::PaidUnpayableMessage`: value sent to a non-payable message traps. */
export const PAID_UNPAYABLE_TRAP = 'paid an unpayable message';

export function returned(value: unknown, events: ContractEvent[] = []): CallOutcome {
  return { kind: 'returned', value, events };
}

export function trapped(reason: string): CallOutcome {
  return { kind: 'trapped', reason };
}

/** Rust's `saturating_add` for an unsigned integer whose maximum is `max`. */
export function saturatingAdd(a: bigint, b: bigint, max: bigint): bigint {
  const sum = a + b;
  return sum > max ? max : sum;
}

/** Rust's `saturating_sub` for an unsigned integer. */
export function saturatingSub(a: bigint, b: bigint): bigint {
  return a > b ? a - b : 0n;
}

/** The transferred value as `u128`, or null where `as_u128()` would panic. */
export function valueAsU128(ctx: CallContext): bigint | null {
  return ctx.value > U128_MAX ? null : ctx.value;
}
