/**
 * Return data: the SCALE encoding of `Result<T, LangError>` (spec §2.1). `0x00` + T is Ok;
 * `0x01 0x01` is Err(LangError::CouldNotReadInput), the only LangError variant.
 */
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { type BytesLike, toBytes } from './bytes';
import { getMessageSpec } from './contract-catalogue';
import { ContractCodecError } from './contract-codec-error';
import { encodeValue } from './scale-codec';
import { ScaleReader } from './scale-reader';
import type { ContractName } from './types';

export type ReturnResult<T = unknown> =
  { ok: true; value: T } | { ok: false; error: 'CouldNotReadInput' };

/** `Err(LangError::CouldNotReadInput)`: what a contract returns for an unknown selector or bad input. */
export const LANG_ERROR_COULD_NOT_READ_INPUT: Uint8Array = new Uint8Array([0x01, 0x01]);

/** `Ok(value)` bytes for a message's return value (constructors: `Ok(())`, value null/undefined). */
export function encodeReturn(contract: ContractName, message: string, value: unknown): Uint8Array {
  const spec = getMessageSpec(contract, message);
  return u8aConcat(
    new Uint8Array([0x00]),
    encodeValue(spec.returnType, value, `${contract}.${spec.name}.return`),
  );
}

/**
 * Decodes a message's return data. Throws ContractCodecError for bytes that are not exactly one
 * `Result<T, LangError>` (empty, unknown prefix or LangError variant, short, trailing bytes).
 */
export function decodeReturn(
  contract: ContractName,
  message: string,
  data: BytesLike,
): ReturnResult {
  const spec = getMessageSpec(contract, message);
  const what = `${contract}.${spec.name} return data`;
  const bytes = toBytes(data, what);
  const tag = bytes[0];
  if (tag === 0x01) {
    if (bytes.length === 2 && bytes[1] === 0x01) {
      return { ok: false, error: 'CouldNotReadInput' };
    }
    throw new ContractCodecError(`${what}: malformed LangError ${u8aToHex(bytes.subarray(0, 8))}`);
  }
  if (tag !== 0x00) {
    const got =
      tag === undefined ? 'empty input' : `prefix byte 0x${tag.toString(16).padStart(2, '0')}`;
    throw new ContractCodecError(
      `${what}: expected Result prefix 0x00 (Ok) or 0x01 (Err), got ${got}`,
    );
  }
  const reader = new ScaleReader(bytes.subarray(1));
  const value = reader.read(spec.returnType, `${contract}.${spec.name}.return`);
  reader.expectEnd(what);
  return { ok: true, value };
}
