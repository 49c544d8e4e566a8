/**
 * Hand-written SCALE decoder driven by ScaleType descriptors (the inverse of scale-codec.ts). It
 * rejects short input and non-canonical bytes (bool/Option tags, compact lengths, UTF-8) the way
 * parity-scale-codec does, so it answers like the contracts would.
 */
import { u8aToHex } from '@polkadot/util';
import { ContractCodecError } from './contract-codec-error';
import { type ScaleType, UINT_BITS } from './scale-type';

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads SCALE values from a byte array; throws ContractCodecError on short or non-canonical input. */
export class ScaleReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  read(type: ScaleType, field: string): unknown {
    switch (type.kind) {
      case 'unit':
        return null;
      case 'bool':
        return this.tag(field, 2) === 1;
      case 'u8':
      case 'u32':
        return Number(this.uint(UINT_BITS[type.kind] / 8, field));
      case 'u64':
      case 'u128':
      case 'u256':
        return this.uint(UINT_BITS[type.kind] / 8, field);
      case 'string':
        return this.text(field);
      case 'h160':
        return u8aToHex(this.take(20, field));
      case 'accountId':
        return u8aToHex(this.take(32, field));
      case 'option':
        return this.tag(field, 2) === 0 ? null : this.read(type.inner, field);
      case 'vec': {
        const length = this.compactLength(field);
        return Array.from({ length }, (_v, i) => this.read(type.inner, `${field}[${i}]`));
      }
      case 'tuple':
        return type.items.map((item, i) => this.read(item, `${field}[${i}]`));
      case 'struct': {
        const record: Record<string, unknown> = {};
        for (const f of type.fields) {
          record[f.name] = this.read(f.type, `${field}.${f.name}`);
        }
        return record;
      }
      case 'enum':
        return type.variants[this.tag(field, type.variants.length)];
    }
  }

  /** Throws unless every byte was consumed. */
  expectEnd(what: string): void {
    if (this.remaining !== 0) {
      throw new ContractCodecError(`${what}: ${this.remaining} trailing byte(s) after the value`);
    }
  }

  private take(n: number, field: string): Uint8Array {
    if (this.remaining < n) {
      throw new ContractCodecError(
        `${field}: input too short (need ${n} byte(s), have ${this.remaining})`,
        field,
      );
    }
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  private tag(field: string, count: number): number {
    const tag = this.take(1, field)[0] ?? 0;
    if (tag >= count) {
      throw new ContractCodecError(
        `${field}: invalid tag byte ${tag} (expected 0..${count - 1})`,
        field,
      );
    }
    return tag;
  }

  private uint(size: number, field: string): bigint {
    const bytes = this.take(size, field);
    let value = 0n;
    for (let i = size - 1; i >= 0; i--) {
      value = (value << 8n) | BigInt(bytes[i] ?? 0);
    }
    return value;
  }

  private text(field: string): string {
    const bytes = this.take(this.compactLength(field), field);
    try {
      return utf8Decoder.decode(bytes);
    } catch (err) {
      throw new ContractCodecError(`${field}: string is not valid UTF-8`, field, { cause: err });
    }
  }

  /** A canonical Compact<u32> length (parity-scale-codec rejects non-canonical forms). */
  private compactLength(field: string): number {
    const first = this.take(1, field)[0] ?? 0;
    let value: number;
    let min: number;
    switch (first & 0b11) {
      case 0:
        value = first >>> 2;
        min = 0;
        break;
      case 1:
        value = (first | ((this.take(1, field)[0] ?? 0) << 8)) >>> 2;
        min = 1 << 6;
        break;
      case 2: {
        const b = this.take(3, field);
        value = (first | ((b[0] ?? 0) << 8) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 24)) >>> 2;
        min = 1 << 14;
        break;
      }
      default: {
        const size = (first >>> 2) + 4;
        const length = this.uint(size, field);
        if (size !== 4 || length < 1n << 30n) {
          throw new ContractCodecError(
            `${field}: non-canonical or oversized compact length`,
            field,
          );
        }
        value = Number(length);
        min = 1 << 30;
      }
    }
    if (value < min) {
      throw new ContractCodecError(`${field}: non-canonical compact length ${value}`, field);
    }
    if (value > this.remaining) {
      throw new ContractCodecError(
        `${field}: length ${value} exceeds the ${this.remaining} remaining byte(s)`,
        field,
      );
    }
    return value;
  }
}

/** Decodes exactly one `type` value from `bytes` (no trailing bytes allowed). */
export function decodeValue(type: ScaleType, bytes: Uint8Array, field: string): unknown {
  const reader = new ScaleReader(bytes);
  const value = reader.read(type, field);
  reader.expectEnd(field);
  return value;
}
