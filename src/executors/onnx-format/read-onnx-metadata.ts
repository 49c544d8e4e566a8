const METADATA_PROPS_FIELD = 14;
const ENTRY_KEY = 1;
const ENTRY_VALUE = 2;

/**
 * Reads `ModelProto.metadata_props` (the key/value strings our trainer writes), skipping every other
 * field unparsed. onnxruntime-node does not expose custom metadata, hence this small reader.
 * Throws on malformed protobuf; call it on bytes onnxruntime has already accepted.
 */
export function readOnnxMetadata(model: Uint8Array): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const field of readFields(model)) {
    if (field.number === METADATA_PROPS_FIELD && field.bytes !== undefined) {
      let key = '';
      let value = '';
      for (const entry of readFields(field.bytes)) {
        if (entry.bytes !== undefined && entry.number === ENTRY_KEY) {
          key = utf8(entry.bytes);
        } else if (entry.bytes !== undefined && entry.number === ENTRY_VALUE) {
          value = utf8(entry.bytes);
        }
      }
      metadata[key] = value;
    }
  }
  return metadata;
}

interface Field {
  readonly number: number;
  /** Set for length-delimited fields only. */
  readonly bytes?: Uint8Array;
}

function* readFields(bytes: Uint8Array): Generator<Field> {
  let offset = 0;
  while (offset < bytes.length) {
    const [tag, afterTag] = readVarint(bytes, offset);
    const fieldNumber = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    offset = afterTag;
    switch (wireType) {
      case 0:
        offset = readVarint(bytes, offset)[1];
        yield { number: fieldNumber };
        break;
      case 1:
        offset += 8;
        yield { number: fieldNumber };
        break;
      case 5:
        offset += 4;
        yield { number: fieldNumber };
        break;
      case 2: {
        const [length, start] = readVarint(bytes, offset);
        const end = start + Number(length);
        if (end > bytes.length) {
          throw new Error('protobuf field runs past the end of the message');
        }
        offset = end;
        yield { number: fieldNumber, bytes: bytes.subarray(start, end) };
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

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
