import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Vec } from '@polkadot/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import type { Call } from '@polkadot/types/interfaces/runtime';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { defaultContractAddresses } from '../../devnet';
import { ContractHost } from '../../runtime/contract-host';
import { Executive } from '../../runtime/executive';
import { loadRuntimeMetadata } from '../../runtime/runtime-metadata';
import { checkExtrinsic, type CheckedExtrinsic } from '../../runtime/transaction-validity';
import { BlockBuilder, genesisBlock, type BuildOutput } from '../block-builder';
import type { BlockRecord } from '../block-record';
import { genesisState } from '../genesis';

export const runtime = loadRuntimeMetadata();
export const addresses = defaultContractAddresses();

/**
 * A genesis block and a block builder on the real runtime metadata and contract models, for
 * unit tests of block building: extrinsics are signed by //Alice and checked as the pool does.
 */
export interface BlockBench {
  parent: BlockRecord;
  alice: KeyringPair;
  /** signs `call` with Alice's `nonce` (immortal) and checks it against the genesis state */
  checked(call: Call, nonce: number): CheckedExtrinsic;
  build(candidates: CheckedExtrinsic[]): BuildOutput;
  /** the block's System.Events as `section.method`, decoded by Polkadot.js */
  eventNames(block: BlockRecord): string[];
}

export async function blockBench(
  options: { requireAccountMapping?: boolean } = {},
): Promise<BlockBench> {
  await cryptoWaitReady();
  const registry = runtime.registry;
  const host = new ContractHost({
    addresses,
    requireAccountMapping: options.requireAccountMapping ?? false,
  });
  const builder = new BlockBuilder(runtime, new Executive(runtime, host));
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  const parent = genesisBlock(runtime, genesisState(1_000n));
  const blockHashAt = (n: number) => (n === 0 ? parent.hash : undefined);
  return {
    parent,
    alice,
    checked(call, nonce) {
      const xt = registry.createType('Extrinsic', call);
      xt.sign(alice, {
        blockHash: parent.hash,
        era: registry.createType('ExtrinsicEra', '0x00'),
        genesisHash: parent.hash,
        nonce,
        runtimeVersion: {
          specVersion: registry.createType('u32', runtime.runtimeVersion.specVersion),
          transactionVersion: registry.createType('u32', runtime.runtimeVersion.transactionVersion),
        } as never,
        signedExtensions: registry.signedExtensions,
      });
      const result = checkExtrinsic(runtime, xt.toU8a(), {
        state: parent.state!,
        genesisHash: parent.hash,
        bestNumber: 0,
        blockHashAt,
      });
      if (!result.ok) {
        throw new Error(`refused: ${result.error}`);
      }
      return result.xt;
    },
    build(candidates) {
      return builder.build({
        parent,
        parentState: parent.state!,
        genesisHash: parent.hash,
        timestamp: 2_000n,
        candidates,
        blockHashAt,
      });
    },
    eventNames(block) {
      const records = registry.createType<Vec<EventRecord>>('Vec<EventRecord>', block.eventsHex);
      return records.map(({ event }) => `${event.section}.${event.method}`);
    },
  };
}
