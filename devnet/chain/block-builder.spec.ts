import { serialize } from 'node:v8';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { accountIdFromH160 } from '../../src/contracts';
import { defaultContractAddresses } from '../devnet';
import { ContractHost } from '../runtime/contract-host';
import { Executive } from '../runtime/executive';
import { loadRuntimeMetadata } from '../runtime/runtime-metadata';
import { checkExtrinsic, type CheckedExtrinsic } from '../runtime/transaction-validity';
import { BlockBuilder, genesisBlock } from './block-builder';
import type { BlockRecord } from './block-record';
import { forkState, sealState, writableContract, type ChainState } from './chain-state';
import { devAccountIds, genesisState } from './genesis';

const runtime = loadRuntimeMetadata();
const registry = runtime.registry;
const addresses = defaultContractAddresses();
const host = new ContractHost({ addresses, requireAccountMapping: false });
const builder = new BlockBuilder(runtime, new Executive(runtime, host));
const ids = devAccountIds();
const queueAccount = accountIdFromH160(addresses.aiJobQueue);
const ONE_PAS = 10_000_000_000n;

let alice: KeyringPair;
let parent: BlockRecord;

beforeAll(async () => {
  await cryptoWaitReady();
  alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  parent = genesisBlock(runtime, genesisState(1_000n));
});

function stateOf(block: BlockRecord): ChainState {
  return block.state!;
}

function checked(call: ReturnType<typeof transfer>, nonce: number): CheckedExtrinsic {
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
    state: stateOf(parent),
    genesisHash: parent.hash,
    bestNumber: 0,
    blockHashAt: (n) => (n === 0 ? parent.hash : undefined),
  });
  if (!result.ok) {
    throw new Error(result.error);
  }
  return result.xt;
}

function transfer(amount: bigint) {
  return runtime.decorated.tx['balances']!['transferKeepAlive']!({ Id: ids.bob }, amount);
}

/** A payable call the queue cannot decode: the value moves first, then the call reverts. */
function revertingCall(value: bigint) {
  const gas = { refTime: 1_000_000_000n, proofSize: 100_000n };
  return runtime.decorated.tx['revive']!['call']!(
    addresses.aiJobQueue,
    value,
    gas,
    0,
    '0xdeadbeef',
  );
}

function build(candidates: CheckedExtrinsic[]) {
  return builder.build({
    parent,
    parentState: stateOf(parent),
    genesisHash: parent.hash,
    timestamp: 2_000n,
    candidates,
    blockHashAt: (n) => (n === 0 ? parent.hash : undefined),
  });
}

describe('BlockBuilder', () => {
  it('keeps a failed call out of the state but charges its fee, and goes on after it', () => {
    const first = checked(transfer(ONE_PAS), 0);
    const failing = checked(revertingCall(5n * ONE_PAS), 1);
    const third = checked(transfer(2n * ONE_PAS), 2);
    const { block, included } = build([third, failing, first]);

    expect(included.map(({ xt, success }) => [xt.nonce, success])).toEqual([
      [0, true],
      [1, false],
      [2, true],
    ]);
    const before = stateOf(parent);
    const after = stateOf(block);
    const fees = first.fee + failing.fee + third.fee;
    expect(after.accounts.get(ids.alice)).toEqual({
      nonce: 3,
      free: before.accounts.get(ids.alice)!.free - 3n * ONE_PAS - fees,
      reserved: 0n,
    });
    expect(after.accounts.get(ids.bob)!.free).toBe(
      before.accounts.get(ids.bob)!.free + 3n * ONE_PAS,
    );
    expect(after.accounts.has(queueAccount)).toBe(false);
    expect(after.totalIssuance).toBe(before.totalIssuance - fees);
  });

  it('never writes the parent state', () => {
    const snapshot = serialize(stateOf(parent)).toString('hex');
    build([checked(transfer(ONE_PAS), 0), checked(revertingCall(ONE_PAS), 1)]);
    expect(serialize(stateOf(parent)).toString('hex')).toBe(snapshot);
  });

  it('gives the same block for the same input (the state root covers the whole state)', () => {
    const xt = checked(transfer(ONE_PAS), 0);
    expect(build([xt]).block.hash).toBe(build([xt]).block.hash);
    expect(build([xt]).block.hash).not.toBe(build([checked(transfer(2n * ONE_PAS), 0)]).block.hash);
  });
});

describe('forkState', () => {
  it('copies a contract state on its first write and leaves the parent’s alone', () => {
    const parentState = genesisState(0n);
    const fork = forkState(parentState);
    expect(fork.contracts.aiJobQueue).toBe(parentState.contracts.aiJobQueue);
    const writable = writableContract(fork, 'aiJobQueue') as { jobCounter: bigint };
    writable.jobCounter = 99n;
    expect(writableContract(fork, 'aiJobQueue')).toBe(writable);
    expect((parentState.contracts.aiJobQueue as { jobCounter: bigint }).jobCounter).toBe(0n);
    expect(fork.contracts.mevProtection).toBe(parentState.contracts.mevProtection);
  });

  it('refuses writes to a sealed block state', () => {
    const fork = forkState(genesisState(0n));
    sealState(fork);
    expect(() => writableContract(fork, 'mevProtection')).toThrow(/sealed/);
  });
});
