/** One field of a protobuf message as read from the wire. */
export interface ProtobufField {
  readonly number: number;
  readonly wireType: number;
  /** Set for varint fields (wire type 0). */
  readonly varint?: bigint;
  /** Set for length-delimited fields (wire type 2): strings, bytes, embedded messages. */
  readonly bytes?: Uint8Array;
}

/**
 * The fields of one protobuf message, in wire order, nothing decoded beyond the wire format.
 * Throws on malformed input: a truncated field, a bad varint, or a group (wire types 3 and 4,
 * which onnx.proto never uses).
 */
export function* readProtobufFields(bytes: Uint8Array): Generator<ProtobufField> {
  let offset = 0;
  while (offset < bytes.length) {
    const [tag, afterTag] = readVarint(bytes, offset);
    const number = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    offset = afterTag;
    switch (wireType) {
      case 0: {
        const [varint, end] = readVarint(bytes, offset);
        offset = end;
        yield { number, wireType, varint };
        break;
      }
      case 1:
        offset += 8;
        yield { number, wireType };
        break;
      case 5:
        offset += 4;
        yield { number, wireType };
        break;
      case 2: {
        const [length, start] = readVarint(bytes, offset);
        const end = start + Number(length);
        if (end > bytes.length) {
          throw new Error('protobuf field runs past the end of the message');
        }
        offset = end;
        yield { number, wireType, bytes: bytes.subarray(start, end) };
        break;
      }
      default:
        throw new Error(`unsupported protobuf wire type ${wireType}`);
    }
  }
  if (offset !== bytes.length) {
    throw new Error('protobuf message is truncated');
  }
}

function readVarint(bytes: Uint8Array, start: number): [bigint, number] {
  let value = 0n;
  for (
    let offset = start, shift = 0n;
    offset < bytes.length && shift < 70n;
    offset++, shift += 7n
  ) {
    const byte = bytes[offset] ?? 0;
    value |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) {
      return [value, offset + 1];
    }
  }
  throw new Error('malformed protobuf varint');
}
