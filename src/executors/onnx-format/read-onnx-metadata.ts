import { readProtobufFields } from './protobuf-reader';

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
  for (const field of readProtobufFields(model)) {
    if (field.number === METADATA_PROPS_FIELD && field.bytes !== undefined) {
      let key = '';
      let value = '';
      for (const entry of readProtobufFields(field.bytes)) {
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

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
