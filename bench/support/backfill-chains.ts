import type { ApiPromise } from '@polkadot/api';
import { ContractPromise } from '@polkadot/api-contract';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { defaultContractAddresses } from '../../devnet/devnet';
import { loadAbiJson } from '../../src/contracts';
// test/support helpers are reused on purpose: the bench must drive the same real parts as the tests
import { sendTx, type DevnetApi } from '../../test/support/devnet-api';

const PAS = 10_000_000_000n;

function contractOptions(api: ApiPromise, value = 0n) {
  return {
    gasLimit: api.registry.createType('WeightV2', { refTime: 1e11, proofSize: 1e6 }),
    storageDepositLimit: null,
    value,
  };
}

/** Ends the chain: one more block, everything finalized; returns the finalized head number. */
async function finalizeAll(chain: DevnetApi): Promise<bigint> {
  await chain.api.rpc('dev_newBlock', 1);
  await chain.api.rpc('dev_finalize', chain.devnet.node.best.number);
  return BigInt(chain.devnet.node.store.finalizedNumber);
}

/**
 * The sparse chain of the original backfill bench: `eventTxs` MEV intents (one contract event
 * each) spread over about `targetBlocks` blocks, empty blocks between them.
 */
export async function buildSparseChain(
  chain: DevnetApi,
  targetBlocks: number,
  eventTxs: number,
): Promise<bigint> {
  const eve = chain.keyring.addFromUri('//Eve');
  const mev = new ContractPromise(
    chain.api,
    loadAbiJson('mevProtection'),
    defaultContractAddresses().mevProtection,
  );
  const pad = Math.max(0, Math.floor((targetBlocks - eventTxs) / eventTxs));
  for (let i = 0; i < eventTxs; i++) {
    await sendTx(
      mev.tx['submitIntent']!(contractOptions(chain.api), `intent-${i}`, 'PAS', 'USDT', i + 1),
      eve,
    );
    if (pad > 0) {
      await chain.api.rpc('dev_newBlock', pad);
    }
  }
  return finalizeAll(chain);
}

/**
 * An event-dense chain: `blocks` blocks, each holding one `utility.batchAll` of `callsPerBlock`
 * provider-registry calls (`update_provider` and `set_active`, which change no state size), so
 * each block carries `callsPerBlock` contract events among about twice as many runtime events.
 * Real signed extrinsics and real blocks: the batches are signed here, sent with
 * `author_submitExtrinsic` while block production is stalled, and sealed one per block with
 * `dev_newBlock`.
 */
export async function buildDenseChain(
  chain: DevnetApi,
  blocks: number,
  callsPerBlock: number,
): Promise<bigint> {
  const { api } = chain;
  const alice = chain.keyring.addFromUri('//Alice');
  const registry = new ContractPromise(
    api,
    loadAbiJson('computeProviderRegistry'),
    defaultContractAddresses().computeProviderRegistry,
  );
  await sendTx(api.tx.revive.mapAccount(), alice);
  const registered = await sendTx(
    registry.tx['registerProvider']!(
      contractOptions(api, 5n * PAS),
      'https://alice.gpu',
      64,
      1_000,
    ),
    alice,
  );
  if (!registered.success) {
    throw new Error(`register_provider failed: ${registered.error ?? 'unknown'}`);
  }
  const calls: SubmittableExtrinsic<'promise'>[] = Array.from({ length: callsPerBlock }, (_, i) =>
    i % 5 === 4
      ? registry.tx['setActive']!(contractOptions(api), i % 10 !== 9)
      : registry.tx['updateProvider']!(contractOptions(api), `https://alice.gpu/${i}`, 1_000 + i),
  );
  let nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await api.rpc('dev_stall', 600_000);
  for (let b = 0; b < blocks; b++) {
    const batch = api.tx.utility.batchAll(calls);
    await batch.signAsync(alice, { nonce: nonce++, era: 0 });
    await api.rpc.author.submitExtrinsic(batch.toHex());
    await api.rpc('dev_newBlock', 1);
  }
  await api.rpc('dev_stall', 0);
  return finalizeAll(chain);
}
