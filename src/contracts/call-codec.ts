/**
 * Call data: the 4-byte selector followed by the SCALE-encoded arguments (spec §2.1). No compact
 * length prefix: this is the `data` of `revive.call` / `contracts.call` and of the dry-run APIs.
 */
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { type BytesLike, toBytes } from './bytes';
import { findMessageBySelector, getContractSpec, getMessageSpec } from './contract-catalogue';
import { CONSTRUCTOR_SELECTOR, type MessageSpec } from './contract-spec';
import { checkRecord, encodeValue } from './scale-codec';
import { ScaleReader } from './scale-reader';
import type { ContractName } from './types';

export interface DecodedCall {
  /** snake_case label, e.g. `submit_job`. */
  message: string;
  /** Arguments keyed by camelCase name, in the types.ts conventions. */
  args: Record<string, unknown>;
}

/**
 * Encodes a message or constructor (`new`) call. `args` is keyed by camelCase argument name and
 * must hold exactly the message's arguments; invalid values throw ContractCodecError naming the field.
 */
export function encodeCall(
  contract: ContractName,
  message: string,
  args: Record<string, unknown> = {},
): Uint8Array {
  const spec = getMessageSpec(contract, message);
  const field = `${contract}.${spec.name}`;
  const record = checkRecord(
    args,
    spec.args.map((a) => a.name),
    field,
    'arguments',
  );
  const encoded = spec.args.map((a) => encodeValue(a.type, record[a.name], `${field}.${a.name}`));
  return u8aConcat(hexToU8a(spec.selector), ...encoded);
}

/**
 * Decodes message call data. Returns null, as the contract answers LangError::CouldNotReadInput,
 * for an unknown selector (constructors included), input that does not decode, or trailing bytes.
 */
export function decodeCall(contract: ContractName, data: BytesLike): DecodedCall | null {
  getContractSpec(contract);
  const bytes = tryBytes(data);
  if (!bytes || bytes.length < 4) {
    return null;
  }
  const spec = findMessageBySelector(contract, bytes.subarray(0, 4));
  return spec ? decodeArgs(spec, bytes) : null;
}

/** Decodes constructor call data (`new`); null when it is not a well-formed constructor call. */
export function decodeConstructorCall(contract: ContractName, data: BytesLike): DecodedCall | null {
  const spec = getMessageSpec(contract, 'new');
  const bytes = tryBytes(data);
  if (!bytes || bytes.length < 4 || u8aToHex(bytes.subarray(0, 4)) !== CONSTRUCTOR_SELECTOR) {
    return null;
  }
  return decodeArgs(spec, bytes);
}

function decodeArgs(spec: MessageSpec, bytes: Uint8Array): DecodedCall | null {
  const reader = new ScaleReader(bytes.subarray(4));
  const args: Record<string, unknown> = {};
  try {
    for (const a of spec.args) {
      args[a.name] = reader.read(a.type, a.name);
    }
    reader.expectEnd(spec.name);
  } catch {
    return null;
  }
  return { message: spec.name, args };
}

function tryBytes(data: BytesLike): Uint8Array | null {
  try {
    return toBytes(data, 'call data');
  } catch {
    return null;
  }
}
