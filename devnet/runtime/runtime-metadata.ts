import { Metadata, TypeRegistry, expandMetadata } from '@polkadot/types';
import type { DecoratedMeta } from '@polkadot/types/metadata/decorate/types';
import { compactToU8a, hexToU8a, stringCamelCase, u8aConcat, u8aToHex } from '@polkadot/util';
import { DEVNET_METADATA_HEX } from './devnet-metadata.generated';

/**
 * The Substrate kitchensink runtime metadata (v15) shipped in @polkadot/types-support, pruned to
 * the pallets and runtime APIs the devnet implements (devnet-metadata-source.ts, ADR 0020): it has
 * both the `Contracts` and the `Revive` pallets and their runtime APIs, so Polkadot.js clients
 * treat the devnet as the same kind of chain as Pop Network.
 */
export interface RuntimeMetadata {
  registry: TypeRegistry;
  metadata: Metadata;
  decorated: DecoratedMeta;
  /** `Option<OpaqueMetadata>` as returned by `Metadata_metadata_at_version(15)` */
  metadataAtVersionHex: string;
  /** the bare metadata bytes as returned by `state_getMetadata` */
  metadataHex: string;
  runtimeVersion: RuntimeVersionJson;
}

export interface RuntimeVersionJson {
  specName: string;
  implName: string;
  authoringVersion: number;
  specVersion: number;
  implVersion: number;
  apis: [string, number][];
  transactionVersion: number;
  stateVersion: number;
}

export const DEVNET_SPEC_NAME = 'polkamesh-devnet';
export const DEVNET_SPEC_VERSION = 1;
export const DEVNET_TRANSACTION_VERSION = 1;

let cached: RuntimeMetadata | undefined;

export function loadRuntimeMetadata(): RuntimeMetadata {
  if (cached) {
    return cached;
  }
  const bytes = hexToU8a(DEVNET_METADATA_HEX);
  // Option::Some(OpaqueMetadata): what `Metadata_metadata_at_version(15)` answers
  const wrapped = u8aConcat([1], compactToU8a(bytes.length), bytes);
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, bytes);
  registry.setMetadata(metadata);
  const decorated = expandMetadata(registry, metadata);
  const kitchensinkVersion = decorated.consts['system']?.['version']?.toJSON() as {
    apis: [string, number][];
    authoringVersion: number;
  };
  cached = {
    registry,
    metadata,
    decorated,
    metadataAtVersionHex: u8aToHex(wrapped),
    metadataHex: u8aToHex(bytes),
    runtimeVersion: {
      specName: DEVNET_SPEC_NAME,
      implName: DEVNET_SPEC_NAME,
      authoringVersion: kitchensinkVersion.authoringVersion,
      specVersion: DEVNET_SPEC_VERSION,
      implVersion: 0,
      apis: kitchensinkVersion.apis,
      transactionVersion: DEVNET_TRANSACTION_VERSION,
      stateVersion: 1,
    },
  };
  return cached;
}

const palletIndexes = new WeakMap<RuntimeMetadata, Map<string, number>>();

/** The pallet index of a decorated section name (`system`, `revive`, `transactionPayment`, …). */
export function palletIndex(runtime: RuntimeMetadata, section: string): number {
  let indexes = palletIndexes.get(runtime);
  if (!indexes) {
    indexes = new Map(
      runtime.metadata.asLatest.pallets.map((p) => [
        stringCamelCase(p.name.toString()),
        p.index.toNumber(),
      ]),
    );
    palletIndexes.set(runtime, indexes);
  }
  const index = indexes.get(section);
  if (index === undefined) {
    throw new Error(`runtime has no pallet ${section}`);
  }
  return index;
}
