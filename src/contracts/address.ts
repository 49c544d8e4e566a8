/**
 * Account and contract address forms (spec §2.2, §1.2):
 * - H160: what pallet-revive contracts see; lowercase `0x` + 40 hex.
 * - AccountId32: what pallet-contracts contracts see; lowercase `0x` + 64 hex, or SS58 for display.
 * Compare accounts by bytes (`sameAccount`), never by SS58 string: the prefix may differ.
 */
import { hexToU8a, u8aEq, u8aToHex } from '@polkadot/util';
import { decodeAddress, encodeAddress, keccakAsU8a } from '@polkadot/util-crypto';
import { ContractCodecError } from './contract-codec-error';
import type { AccountIdHex, H160 } from './types';

/** Any accepted spelling of an account: SS58, `0x` + 64 hex, or 32 raw bytes. */
export type AccountIdLike = string | Uint8Array;
/** `0x` + 40 hex (any case) or 20 raw bytes. */
export type H160Like = string | Uint8Array;

const H160_HEX = /^0x[0-9a-fA-F]{40}$/;
const ACCOUNT_ID_HEX = /^0x[0-9a-fA-F]{64}$/;
const ETH_DERIVED_SUFFIX = new Uint8Array(12).fill(0xee);

/** The 20 bytes of an H160; throws for anything else. */
export function h160Bytes(input: H160Like): Uint8Array {
  if (input instanceof Uint8Array) {
    if (input.length !== 20) {
      throw new ContractCodecError(`expected 20 bytes for an H160, got ${input.length}`);
    }
    return input.slice();
  }
  if (typeof input !== 'string' || !H160_HEX.test(input)) {
    throw new ContractCodecError(`expected an H160 as 0x + 40 hex digits, got ${describe(input)}`);
  }
  return hexToU8a(input);
}

/** Lowercase `0x` + 40 hex. */
export function normalizeH160(input: H160Like): H160 {
  return u8aToHex(h160Bytes(input));
}

/** The 32 bytes of an AccountId given as SS58, `0x` + 64 hex or raw bytes; throws for anything else. */
export function accountIdBytes(input: AccountIdLike): Uint8Array {
  if (input instanceof Uint8Array) {
    if (input.length !== 32) {
      throw new ContractCodecError(`expected 32 bytes for an AccountId, got ${input.length}`);
    }
    return input.slice();
  }
  if (typeof input !== 'string') {
    throw new ContractCodecError(
      `expected an AccountId (SS58 or 0x + 64 hex), got ${describe(input)}`,
    );
  }
  if (input.startsWith('0x')) {
    if (!ACCOUNT_ID_HEX.test(input)) {
      const hint = H160_HEX.test(input) ? ' (this is an H160; see accountIdFromH160)' : '';
      throw new ContractCodecError(
        `expected an AccountId as 0x + 64 hex digits, got ${describe(input)}${hint}`,
      );
    }
    return hexToU8a(input);
  }
  let decoded: Uint8Array;
  try {
    decoded = decodeAddress(input);
  } catch (err) {
    throw new ContractCodecError(`invalid SS58 address ${describe(input)}`, '', { cause: err });
  }
  if (decoded.length !== 32) {
    throw new ContractCodecError(
      `SS58 address ${describe(input)} does not hold a 32-byte AccountId`,
    );
  }
  return decoded;
}

/** Normalized lowercase `0x` + 64 hex for any accepted AccountId form. */
export function accountIdHex(input: AccountIdLike): AccountIdHex {
  return u8aToHex(accountIdBytes(input));
}

/** SS58 spelling of an AccountId (generic prefix 42 by default). */
export function toSs58(accountId: AccountIdLike, prefix = 42): string {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 16383) {
    throw new ContractCodecError(
      `invalid SS58 prefix ${String(prefix)} (expected an integer 0..16383)`,
    );
  }
  return encodeAddress(accountIdBytes(accountId), prefix);
}

/** Whether the AccountId is an eth-derived one: its H160 followed by twelve 0xEE bytes. */
export function isEthDerived(accountId: AccountIdLike): boolean {
  return u8aEq(accountIdBytes(accountId).subarray(20), ETH_DERIVED_SUFFIX);
}

/**
 * The H160 a pallet-revive contract sees for a Substrate account: keccak256(accountId)[12..32],
 * or the first 20 bytes for an eth-derived account (H160 + 12 × 0xEE).
 */
export function h160FromAccountId(accountId: AccountIdLike): H160 {
  const bytes = accountIdBytes(accountId);
  const h160 = u8aEq(bytes.subarray(20), ETH_DERIVED_SUFFIX)
    ? bytes.subarray(0, 20)
    : keccakAsU8a(bytes, 256).subarray(12);
  return u8aToHex(h160);
}

/** The eth-derived AccountId of an H160: its 20 bytes followed by twelve 0xEE bytes. */
export function accountIdFromH160(h160: H160Like): AccountIdHex {
  const bytes = new Uint8Array(32).fill(0xee);
  bytes.set(h160Bytes(h160), 0);
  return u8aToHex(bytes);
}

/**
 * Whether two spellings name the same account, comparing bytes. Each side may be an H160 or an
 * AccountId form; when one is an H160 and the other an AccountId, they are compared the way
 * pallet-revive sees them (`h160FromAccountId(accountId) == h160`).
 */
export function sameAccount(a: H160Like | AccountIdLike, b: H160Like | AccountIdLike): boolean {
  const left = classify(a);
  const right = classify(b);
  if (left.kind === right.kind) {
    return u8aEq(left.bytes, right.bytes);
  }
  const [account, h160] = left.kind === 'accountId' ? [left, right] : [right, left];
  return h160FromAccountId(account.bytes) === u8aToHex(h160.bytes);
}

function classify(input: H160Like | AccountIdLike): {
  kind: 'h160' | 'accountId';
  bytes: Uint8Array;
} {
  const isH160 =
    input instanceof Uint8Array
      ? input.length === 20
      : typeof input === 'string' && H160_HEX.test(input);
  return isH160
    ? { kind: 'h160', bytes: h160Bytes(input) }
    : { kind: 'accountId', bytes: accountIdBytes(input) };
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  }
  return value === null ? 'null' : typeof value;
}
