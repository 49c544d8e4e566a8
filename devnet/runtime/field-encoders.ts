import type { TypeRegistry } from '@polkadot/types';
import { compactToU8a, u8aConcat } from '@polkadot/util';

/** Encodes a value of one metadata type; undefined when the value is not in the form it takes. */
type FastEncoder = (value: unknown) => Uint8Array | undefined;

const UINT_BITS: Record<string, number> = { U8: 8, U16: 16, U32: 32, U64: 64, U128: 128 };
const HEX = /^0x[0-9a-fA-F]*$/;

function bytesOf(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) {
    return value;
  }
  if (typeof value === 'string' && value.length % 2 === 0 && HEX.test(value)) {
    return Uint8Array.from(Buffer.from(value.slice(2), 'hex'));
  }
  return undefined;
}

function uintEncoder(bits: number): FastEncoder {
  const max = (1n << BigInt(bits)) - 1n;
  return (value) => {
    const n =
      typeof value === 'bigint'
        ? value
        : Number.isSafeInteger(value)
          ? BigInt(value as number)
          : undefined;
    if (n === undefined || n < 0n || n > max) {
      return undefined;
    }
    const out = new Uint8Array(bits / 8);
    let rest = n;
    for (let i = 0; i < out.length; i++) {
      out[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    return out;
  };
}

/**
 * A direct SCALE encoder for the shapes the devnet's events are made of: unsigned integers,
 * fixed byte arrays (AccountId32, H160, H256), byte sequences, sequences of those, and
 * single-field wrappers of any of them. Undefined for other shapes, which stay with the codec.
 */
function shapeEncoder(registry: TypeRegistry, typeId: number): FastEncoder | undefined {
  const def = registry.lookup.getSiType(typeId).def;
  if (def.isPrimitive) {
    const bits = UINT_BITS[def.asPrimitive.type];
    return bits === undefined ? undefined : uintEncoder(bits);
  }
  if (def.isComposite) {
    const fields = def.asComposite.fields;
    return fields.length === 1 ? shapeEncoder(registry, fields[0]!.type.toNumber()) : undefined;
  }
  const isU8 = (id: number) => {
    const inner = registry.lookup.getSiType(id).def;
    return inner.isPrimitive && inner.asPrimitive.type === 'U8';
  };
  if (def.isArray && isU8(def.asArray.type.toNumber())) {
    const length = def.asArray.len.toNumber();
    return (value) => {
      const bytes = bytesOf(value);
      return bytes?.length === length ? bytes : undefined;
    };
  }
  if (def.isSequence) {
    const item = def.asSequence.type.toNumber();
    if (isU8(item)) {
      return (value) => {
        const bytes = bytesOf(value);
        return bytes && u8aConcat(compactToU8a(bytes.length), bytes);
      };
    }
    const encodeItem = shapeEncoder(registry, item);
    if (encodeItem === undefined) {
      return undefined;
    }
    return (value) => {
      if (!Array.isArray(value)) {
        return undefined;
      }
      const items = value.map(encodeItem);
      return items.every((i) => i !== undefined)
        ? u8aConcat(compactToU8a(items.length), ...items)
        : undefined;
    };
  }
  return undefined;
}

/**
 * Field encoders by metadata type id: the direct encoder where the shape allows, else (and for
 * any value the direct one does not take) Polkadot.js' codec, so the bytes are always the codec's.
 */
export class FieldEncoders {
  private readonly encoders = new Map<number, (value: unknown) => Uint8Array>();

  constructor(private readonly registry: TypeRegistry) {}

  encode(typeId: number, value: unknown): Uint8Array {
    let encoder = this.encoders.get(typeId);
    if (!encoder) {
      const fast = shapeEncoder(this.registry, typeId);
      const typeName = this.registry.createLookupType(typeId);
      const slow = (v: unknown) => this.registry.createType(typeName, v).toU8a();
      encoder = fast ? (v) => fast(v) ?? slow(v) : slow;
      this.encoders.set(typeId, encoder);
    }
    return encoder(value);
  }
}
