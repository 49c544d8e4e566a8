/**
 * Builds System EventRecords holding `Revive.ContractEmitted` / `Contracts.ContractEmitted`,
 * decoded with the Substrate kitchensink metadata, as `Abi.decodeEvent(record)` expects them.
 */
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import substrateHex from '@polkadot/types-support/metadata/v15/substrate-hex';
import {
  compactAddLength,
  compactStripLength,
  compactToU8a,
  hexToU8a,
  u8aConcat,
} from '@polkadot/util';

export interface EventRecordFactory {
  registry: TypeRegistry;
  /** [pallet index, event variant index] of ContractEmitted in each pallet. */
  indices: { Revive: [number, number]; Contracts: [number, number] };
  revive(contract: Uint8Array, data: Uint8Array, topics: Uint8Array[]): EventRecord;
  contracts(contract: Uint8Array, data: Uint8Array, topics: Uint8Array[]): EventRecord;
}

export function kitchensinkEventRecords(): EventRecordFactory {
  const registry = new TypeRegistry();
  // The hex is a versioned, length-prefixed blob: drop the leading 0x01 and the compact length.
  const metadata = new Metadata(
    registry,
    compactStripLength(hexToU8a(substrateHex).subarray(1))[1],
  );
  registry.setMetadata(metadata);
  const indexOf = (pallet: string): [number, number] => {
    const found = metadata.asLatest.pallets.find((p) => p.name.toString() === pallet);
    if (!found || found.events.isNone) {
      throw new Error(`kitchensink metadata has no ${pallet} events`);
    }
    const variants = registry.lookup.getSiType(found.events.unwrap().type).def.asVariant.variants;
    const emitted = variants.find((v) => v.name.toString() === 'ContractEmitted');
    if (!emitted) {
      throw new Error(`${pallet} has no ContractEmitted event`);
    }
    return [found.index.toNumber(), emitted.index.toNumber()];
  };
  const indices = { Revive: indexOf('Revive'), Contracts: indexOf('Contracts') };
  const vecOf = (items: Uint8Array[]) => u8aConcat(compactToU8a(items.length), ...items);
  // phase ApplyExtrinsic(1), then the event, then the record topics.
  const record = (event: Uint8Array, topics: Uint8Array[]) =>
    registry.createType<EventRecord>(
      'EventRecord',
      u8aConcat(new Uint8Array([0, 1, 0, 0, 0]), event, vecOf(topics)),
    );
  return {
    registry,
    indices,
    revive: (contract, data, topics) =>
      record(
        u8aConcat(new Uint8Array(indices.Revive), contract, compactAddLength(data), vecOf(topics)),
        [],
      ),
    contracts: (contract, data, topics) =>
      record(
        u8aConcat(new Uint8Array(indices.Contracts), contract, compactAddLength(data)),
        topics,
      ),
  };
}
