import { hexToU8a } from '@polkadot/util';
import { ContractCodecError } from './contract-codec-error';

/** Raw bytes or their `0x` hex spelling. */
export type BytesLike = Uint8Array | string;

const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/;

/** The bytes of `input`; throws ContractCodecError for anything but bytes or even-length 0x hex. */
export function toBytes(input: BytesLike, what: string): Uint8Array {
  if (input instanceof Uint8Array) {
    return input;
  }
  if (typeof input !== 'string' || !HEX_BYTES.test(input)) {
    throw new ContractCodecError(
      `${what}: expected bytes or 0x-prefixed hex with an even number of digits`,
    );
  }
  return hexToU8a(input);
}
