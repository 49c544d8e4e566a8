import { CONTRACT_NAMES, type ContractName, type ContractPallet } from '../contracts';
import { type JsonInput, type JsonValue, InvalidStorageValueError } from '../shared';

/*
 * Conversions between domain values and the portable column encodings (see schema.ts): the two
 * drivers return integers, int8 and timestamps in different JS types, so every read goes through here.
 */

export type IntLike = number | bigint | string;

export function toBigInt(value: IntLike, field: string): bigint {
  try {
    return typeof value === 'bigint' ? value : BigInt(value);
  } catch {
    throw new InvalidStorageValueError(`${field} is not an integer`, {
      field,
      value: String(value),
    });
  }
}

export function toInt(value: IntLike, field: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new InvalidStorageValueError(`${field} is not a safe integer`, {
      field,
      value: String(value),
    });
  }
  return n;
}

export function toIntOrNull(value: IntLike | null, field: string): number | null {
  return value === null ? null : toInt(value, field);
}

export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

export function fromFlag(value: IntLike): boolean {
  return Number(value) === 1;
}

/** ISO-8601 UTC with milliseconds: fixed width, so text comparison on SQLite is time order. */
export function toTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new InvalidStorageValueError('invalid date', {});
  }
  return date.toISOString();
}

export function fromTimestamp(value: Date | string, field: string): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new InvalidStorageValueError(`${field} is not a timestamp`, {
      field,
      value: String(value),
    });
  }
  return date;
}

const HEX = /^0x[0-9a-f]*$/;

/** Lowercases `0x` hex and rejects anything else, so lookups compare bytes, not spellings. */
export function toHex(value: string, field: string): string {
  const lower = value.toLowerCase();
  if (!HEX.test(lower)) {
    throw new InvalidStorageValueError(`${field} is not 0x-prefixed hex`, { field, value });
  }
  return lower;
}

/**
 * `toHex` for a run of rows that mostly repeat a value (the block hash and contract address of a
 * block's events): converts and checks a value once while it repeats.
 */
export class HexCache {
  private input: string | undefined;
  private output = '';

  constructor(private readonly field: string) {}

  get(value: string): string {
    if (value !== this.input) {
      this.output = toHex(value, this.field);
      this.input = value;
    }
    return this.output;
  }
}

/** `encodeJson` of an array of `toHex` values, without the replacer: hex needs no escaping. */
export function encodeHexArray(values: readonly string[], field: string): string {
  return `[${values.map((value) => `"${toHex(value, field)}"`).join(',')}]`;
}

/** u128/U256 amounts as decimal text. */
export function toDecimal(value: bigint, field: string): string {
  if (value < 0n) {
    throw new InvalidStorageValueError(`${field} must not be negative`, {
      field,
      value: value.toString(),
    });
  }
  return value.toString();
}

/** JSON text with bigints as decimal strings; refuses NaN/Infinity instead of writing null. */
export function encodeJson(value: JsonInput | readonly string[]): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') {
      return item.toString();
    }
    if (typeof item === 'number' && !Number.isFinite(item)) {
      throw new InvalidStorageValueError('JSON cannot hold a non-finite number', {
        value: String(item),
      });
    }
    return item;
  });
}

export function decodeJson(text: string): JsonValue {
  const parsed: unknown = JSON.parse(text);
  return parsed as JsonValue;
}

export function decodeStringArray(text: string, field: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === 'string')) {
    throw new InvalidStorageValueError(`${field} is not a JSON array of strings`, { field });
  }
  return parsed;
}

/** Position of a row in newest-first listings. */
export interface ListPosition {
  readonly blockNumber: bigint;
  readonly blockHash: string;
  readonly eventIndex: number;
}

/** Opaque page cursor: base64url of `number:hash:index`. */
export function encodeListCursor(position: ListPosition): string {
  const text = `${position.blockNumber}:${position.blockHash}:${position.eventIndex}`;
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function decodeListCursor(cursor: string): ListPosition {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const [number, hash, index] = parts;
  if (
    parts.length !== 3 ||
    number === undefined ||
    hash === undefined ||
    index === undefined ||
    !/^\d+$/.test(number) ||
    !HEX.test(hash) ||
    !/^\d+$/.test(index)
  ) {
    throw new InvalidStorageValueError('malformed page cursor', { cursor });
  }
  return { blockNumber: BigInt(number), blockHash: hash, eventIndex: Number(index) };
}

export function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
    throw new InvalidStorageValueError('limit must be an integer from 1 to 1000', { limit });
  }
  return limit;
}

export function toPallet(value: string): ContractPallet {
  if (value !== 'revive' && value !== 'contracts') {
    throw new InvalidStorageValueError('unknown pallet in storage', { pallet: value });
  }
  return value;
}

export function toContractName(value: string): ContractName {
  const name = CONTRACT_NAMES.find((known) => known === value);
  if (name === undefined) {
    throw new InvalidStorageValueError('unknown contract name in storage', { contract: value });
  }
  return name;
}
