/**
 * Hand-written SCALE encoder driven by ScaleType descriptors, with the value conventions of types.ts
 * (u8/u32 number, u64/u128/U256 bigint, H160/AccountId lowercase hex, Option -> null, enums by name).
 * Every value is validated; problems throw ContractCodecError naming the field. The decoder is
 * scale-reader.ts.
 */
import { compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { accountIdBytes, h160Bytes } from './address';
import { ContractCodecError } from './contract-codec-error';
import { type ScaleType, UINT_BITS } from './scale-type';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const utf8Encoder = new TextEncoder();

/** SCALE-encodes `value` as `type`; `field` names the value in error messages. */
export function encodeValue(type: ScaleType, value: unknown, field: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  writeValue(type, value, field, chunks);
  return u8aConcat(...chunks);
}

function writeValue(type: ScaleType, value: unknown, field: string, out: Uint8Array[]): void {
  switch (type.kind) {
    case 'unit':
      if (value !== null && value !== undefined) {
        throw invalid(field, 'nothing (null)', value);
      }
      return;
    case 'bool':
      if (typeof value !== 'boolean') {
        throw invalid(field, 'a boolean', value);
      }
      out.push(new Uint8Array([value ? 1 : 0]));
      return;
    case 'u8':
    case 'u32':
      out.push(uintLe(checkNumber(value, UINT_BITS[type.kind], field), UINT_BITS[type.kind] / 8));
      return;
    case 'u64':
    case 'u128':
    case 'u256':
      out.push(uintLe(checkBigint(value, UINT_BITS[type.kind], field), UINT_BITS[type.kind] / 8));
      return;
    case 'string': {
      if (typeof value !== 'string') {
        throw invalid(field, 'a string', value);
      }
      if (LONE_SURROGATE.test(value)) {
        throw new ContractCodecError(
          `${field}: string is not valid Unicode (lone surrogate)`,
          field,
        );
      }
      const bytes = utf8Encoder.encode(value);
      out.push(compactToU8a(bytes.length), bytes);
      return;
    }
    case 'h160':
      out.push(withField(field, () => h160Bytes(value as string)));
      return;
    case 'accountId':
      out.push(withField(field, () => accountIdBytes(value as string)));
      return;
    case 'option':
      if (value === null) {
        out.push(new Uint8Array([0]));
      } else if (value === undefined) {
        throw invalid(field, `${describeKind(type.inner)} or null`, value);
      } else {
        out.push(new Uint8Array([1]));
        writeValue(type.inner, value, field, out);
      }
      return;
    case 'vec':
      if (!Array.isArray(value)) {
        throw invalid(field, 'an array', value);
      }
      out.push(compactToU8a(value.length));
      value.forEach((item: unknown, i) => writeValue(type.inner, item, `${field}[${i}]`, out));
      return;
    case 'tuple':
      if (!Array.isArray(value) || value.length !== type.items.length) {
        throw invalid(field, `a tuple of ${type.items.length} items`, value);
      }
      type.items.forEach((item, i) =>
        writeValue(item, (value as unknown[])[i], `${field}[${i}]`, out),
      );
      return;
    case 'struct': {
      const record = checkRecord(
        value,
        type.fields.map((f) => f.name),
        field,
        type.name,
      );
      for (const f of type.fields) {
        writeValue(f.type, record[f.name], `${field}.${f.name}`, out);
      }
      return;
    }
    case 'enum': {
      const index = typeof value === 'string' ? type.variants.indexOf(value) : -1;
      if (index < 0) {
        throw invalid(field, `one of ${type.variants.join(' | ')}`, value);
      }
      out.push(new Uint8Array([index]));
      return;
    }
  }
}

/** Checks that `value` is a plain object with exactly `keys`; returns it as a record. */
export function checkRecord(
  value: unknown,
  keys: readonly string[],
  field: string,
  what: string,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(field, `an object (${what})`, value);
  }
  const record = value as Record<string, unknown>;
  const missing = keys.filter((k) => !(k in record));
  const extra = Object.keys(record).filter((k) => !keys.includes(k));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      extra.length > 0 ? `unexpected ${extra.join(', ')}` : '',
    ].filter(Boolean);
    throw new ContractCodecError(
      `${field}: ${what} fields ${parts.join('; ')} (expected ${keys.join(', ')})`,
      field,
    );
  }
  return record;
}

function checkNumber(value: unknown, bits: number, field: string): bigint {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalid(field, `an integer number (u${bits})`, value);
  }
  return checkRange(BigInt(value), bits, field);
}

function checkBigint(value: unknown, bits: number, field: string): bigint {
  if (typeof value !== 'bigint') {
    throw invalid(field, `a bigint (u${bits === 256 ? 'U256' : bits})`, value);
  }
  return checkRange(value, bits, field);
}

function checkRange(value: bigint, bits: number, field: string): bigint {
  if (value < 0n || value >= 1n << BigInt(bits)) {
    throw new ContractCodecError(
      `${field}: ${value} is out of range for a ${bits}-bit unsigned integer`,
      field,
    );
  }
  return value;
}

function uintLe(value: bigint, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let rest = value;
  for (let i = 0; i < bytes; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

function withField(field: string, fn: () => Uint8Array): Uint8Array {
  try {
    return fn();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ContractCodecError(`${field}: ${reason}`, field, { cause: err });
  }
}

function invalid(field: string, expected: string, value: unknown): ContractCodecError {
  return new ContractCodecError(
    `${field}: expected ${expected}, got ${describeValue(value)}`,
    field,
  );
}

function describeKind(type: ScaleType): string {
  return type.kind === 'struct' || type.kind === 'enum' ? type.name : type.kind;
}

function describeValue(value: unknown): string {
  if (typeof value === 'bigint') {
    return `bigint ${value}`;
  }
  if (typeof value === 'string') {
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return `${typeof value} ${String(value)}`;
  }
  if (value instanceof Uint8Array) {
    return `bytes ${u8aToHex(value.subarray(0, 40))}`;
  }
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
