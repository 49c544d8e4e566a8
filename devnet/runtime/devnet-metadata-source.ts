import { Metadata, TypeRegistry } from '@polkadot/types';
import substrateHex from '@polkadot/types-support/metadata/v15/substrate-hex';
import { compactFromU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { pruneMetadataV15, type MetadataV15Json } from './prune-metadata';

/** The pallets the devnet implements (devnet/runtime/executive.ts, devnet/contracts/…). */
export const DEVNET_PALLETS = [
  'System',
  'Utility',
  'Timestamp',
  'Balances',
  'TransactionPayment',
  'Contracts',
  'Revive',
] as const;

/** The runtime APIs it answers (devnet/runtime/runtime-api.ts). */
export const DEVNET_RUNTIME_APIS = [
  'Core',
  'Metadata',
  'AccountNonceApi',
  'TransactionPaymentApi',
  'ContractsApi',
  'ReviveApi',
] as const;

/** The kitchensink metadata's bare bytes (magic, version 15, then the v15 structure). */
export function kitchensinkMetadataBytes(): Uint8Array {
  const wrapped = hexToU8a(substrateHex);
  if (wrapped[0] !== 1) {
    throw new Error('kitchensink metadata: expected Option::Some(OpaqueMetadata)');
  }
  const [offset, length] = compactFromU8a(wrapped.subarray(1));
  return wrapped.subarray(1 + offset, 1 + offset + length.toNumber());
}

/**
 * The devnet's metadata, built from the kitchensink runtime's (shipped in
 * @polkadot/types-support: it has both `Contracts` and `Revive` and their runtime APIs) pruned to
 * DEVNET_PALLETS and DEVNET_RUNTIME_APIS. `scripts/devnet-metadata.ts` writes it into
 * devnet-metadata.generated.ts, so that no devnet start pays for the pruning.
 */
export function buildDevnetMetadataHex(): string {
  const bytes = kitchensinkMetadataBytes();
  const registry = new TypeRegistry();
  const full = new Metadata(registry, bytes);
  const pruned = pruneMetadataV15(full.asV15.toJSON() as unknown as MetadataV15Json, {
    pallets: DEVNET_PALLETS,
    apis: DEVNET_RUNTIME_APIS,
    runtimeCrate: 'kitchensink_runtime',
  });
  // magic number and version byte, then the pruned structure
  return u8aToHex(
    u8aConcat(bytes.subarray(0, 5), registry.createType('MetadataV15', pruned).toU8a()),
  );
}
