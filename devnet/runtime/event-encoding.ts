import { compactToU8a, u8aConcat } from '@polkadot/util';
import { FieldEncoders } from './field-encoders';
import { palletIndex, type RuntimeMetadata } from './runtime-metadata';

export type Phase = { applyExtrinsic: number } | 'finalization' | 'initialization';

/** One `frame_system::EventRecord`, already encoded except for its phase and topics. */
export interface EventRecordParts {
  phase: Phase;
  event: Uint8Array;
  topics: Uint8Array[];
}

/**
 * Encodes a runtime event `[palletIndex, variantIndex, ...fields]` with the metadata's own field
 * types, so any Polkadot.js client decodes it as it would on a real node.
 */
export function encodeRuntimeEvent(
  runtime: RuntimeMetadata,
  section: string,
  method: string,
  args: unknown[],
): Uint8Array {
  const eventMeta = runtime.decorated.events[section]?.[method];
  if (!eventMeta) {
    throw new Error(`runtime has no event ${section}.${method}`);
  }
  const { fields, index } = eventMeta.meta;
  if (fields.length !== args.length) {
    throw new Error(`event ${section}.${method} takes ${fields.length} fields, got ${args.length}`);
  }
  const encoders = encodersFor(runtime);
  const encodedFields = fields.map((field, i) => encoders.encode(field.type.toNumber(), args[i]));
  return u8aConcat(
    new Uint8Array([palletIndex(runtime, section), index.toNumber()]),
    ...encodedFields,
  );
}

const fieldEncoders = new WeakMap<RuntimeMetadata, FieldEncoders>();

function encodersFor(runtime: RuntimeMetadata): FieldEncoders {
  let encoders = fieldEncoders.get(runtime);
  if (!encoders) {
    encoders = new FieldEncoders(runtime.registry);
    fieldEncoders.set(runtime, encoders);
  }
  return encoders;
}

export function encodePhase(phase: Phase): Uint8Array {
  if (phase === 'finalization') {
    return new Uint8Array([1]);
  }
  if (phase === 'initialization') {
    return new Uint8Array([2]);
  }
  const out = new Uint8Array(5);
  new DataView(out.buffer).setUint32(1, phase.applyExtrinsic, true);
  return out;
}

/** SCALE of `Vec<EventRecord>`, the value of System.Events. */
export function encodeEventRecords(records: EventRecordParts[]): Uint8Array {
  return u8aConcat(
    compactToU8a(records.length),
    ...records.flatMap((record) => [
      encodePhase(record.phase),
      record.event,
      compactToU8a(record.topics.length),
      ...record.topics,
    ]),
  );
}

export interface ModuleError {
  section: string;
  name: string;
}

/** `DispatchError::Module { index, error }` for a named pallet error, as the metadata numbers it. */
export function moduleErrorJson(runtime: RuntimeMetadata, error: ModuleError): unknown {
  const errorMeta = runtime.decorated.errors[error.section]?.[error.name];
  if (!errorMeta) {
    throw new Error(`runtime has no error ${error.section}.${error.name}`);
  }
  return {
    Module: {
      index: palletIndex(runtime, error.section),
      error: [errorMeta.meta.index.toNumber(), 0, 0, 0],
    },
  };
}
