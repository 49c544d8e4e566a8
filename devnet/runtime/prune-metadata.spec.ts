import { Metadata, TypeRegistry, expandMetadata } from '@polkadot/types';
import type { DecoratedMeta } from '@polkadot/types/metadata/decorate/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import {
  buildDevnetMetadataHex,
  DEVNET_PALLETS,
  DEVNET_RUNTIME_APIS,
  kitchensinkMetadataBytes,
} from './devnet-metadata-source';
import { DEVNET_METADATA_HEX } from './devnet-metadata.generated';
import { pruneMetadataV15, type MetadataV15Json } from './prune-metadata';

interface Runtime {
  registry: TypeRegistry;
  metadata: Metadata;
  decorated: DecoratedMeta;
}

function runtimeOf(bytes: Uint8Array): Runtime {
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, bytes);
  registry.setMetadata(metadata);
  return { registry, metadata, decorated: expandMetadata(registry, metadata) };
}

const ALICE = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const BOB = '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48';
const CONTRACT = '0xa44639cd0d0e6c6607491088c9c549e184456122';

describe('the devnet metadata (kitchensink pruned to the devnet pallets)', () => {
  const full = runtimeOf(kitchensinkMetadataBytes());
  const pruned = runtimeOf(hexToU8a(DEVNET_METADATA_HEX));

  it('is what scripts/devnet-metadata.ts builds today (run it when this fails)', () => {
    expect(DEVNET_METADATA_HEX).toBe(buildDevnetMetadataHex());
  });

  it('holds exactly the devnet pallets, at their kitchensink indexes, and the runtime APIs it answers', () => {
    const indexes = (runtime: Runtime) =>
      runtime.metadata.asLatest.pallets.map((p) => [p.name.toString(), p.index.toNumber()]);
    expect(indexes(pruned)).toEqual(
      indexes(full).filter(([name]) => (DEVNET_PALLETS as readonly unknown[]).includes(name)),
    );
    expect(pruned.metadata.asLatest.apis.map((api) => api.name.toString()).sort()).toEqual(
      [...DEVNET_RUNTIME_APIS].sort(),
    );
    expect(pruned.metadata.asLatest.lookup.types.length).toBeLessThan(
      full.metadata.asLatest.lookup.types.length / 2,
    );
  });

  it('refers only to types its lookup holds, densely numbered (pruning it again changes nothing)', () => {
    const json = pruned.metadata.asV15.toJSON() as unknown as MetadataV15Json;
    expect(json.lookup.types.map((t) => t.id)).toEqual(json.lookup.types.map((_, i) => i));
    expect(
      pruneMetadataV15(json, {
        pallets: DEVNET_PALLETS,
        apis: DEVNET_RUNTIME_APIS,
        runtimeCrate: 'kitchensink_runtime',
      }),
    ).toEqual(json);
  });

  it('encodes calls (nested ones too) exactly as the full metadata does', () => {
    const calls = (runtime: Runtime): string[] => {
      const tx = runtime.decorated.tx;
      const transfer = tx['balances']!['transferKeepAlive']!({ Id: BOB }, 12_345n);
      const revive = tx['revive']!['call']!(
        CONTRACT,
        7n,
        { refTime: 1_000_000n, proofSize: 65_536n },
        10n ** 12n,
        '0x1234abcd',
      );
      const contracts = tx['contracts']!['call']!(
        { Id: ALICE },
        0n,
        { refTime: 5n, proofSize: 6n },
        null,
        '0xdeadbeef',
      );
      return [
        transfer.toHex(),
        revive.toHex(),
        contracts.toHex(),
        tx['utility']!['batchAll']!([transfer, revive]).toHex(),
        tx['revive']!['mapAccount']!().toHex(),
        tx['timestamp']!['set']!(1_700_000_000_000n).toHex(),
      ];
    };
    expect(calls(pruned)).toEqual(calls(full));
  });

  it('encodes event records, signing payloads and storage keys exactly as the full metadata does', () => {
    const encodings = (runtime: Runtime): string[] => {
      const { registry, decorated } = runtime;
      const records = registry.createType('Vec<FrameSystemEventRecord>', [
        {
          phase: { ApplyExtrinsic: 1 },
          event: { Balances: { Transfer: { from: ALICE, to: BOB, amount: 5n } } },
          topics: [],
        },
        {
          phase: { ApplyExtrinsic: 2 },
          event: { Revive: { ContractEmitted: { contract: CONTRACT, data: '0x01', topics: [] } } },
          topics: [],
        },
        {
          phase: 'Finalization',
          event: {
            TransactionPayment: { TransactionFeePaid: { who: ALICE, actualFee: 9n, tip: 0n } },
          },
          topics: [],
        },
      ]);
      const payload = registry.createType(
        'ExtrinsicPayload',
        {
          method: decorated.tx['revive']!['mapAccount']!().toHex(),
          era: '0x0500',
          nonce: 3,
          tip: 0,
          specVersion: 1,
          transactionVersion: 1,
          genesisHash: `0x${'11'.repeat(32)}`,
          blockHash: `0x${'22'.repeat(32)}`,
        },
        { version: 4 },
      );
      const account = decorated.query['system']!['account']!;
      return [records.toHex(), payload.toHex(), u8aToHex(account(ALICE))];
    };
    expect(encodings(pruned)).toEqual(encodings(full));
  });
});
