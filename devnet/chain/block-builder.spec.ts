import { serialize } from 'node:v8';
import { accountIdFromH160 } from '../../src/contracts';
import { forkState, sealState, writableContract } from './chain-state';
import { devAccountIds, genesisState } from './genesis';
import { addresses, blockBench, runtime, type BlockBench } from './testing/block-bench';

const ids = devAccountIds();
const queueAccount = accountIdFromH160(addresses.aiJobQueue);
const ONE_PAS = 10_000_000_000n;
const tx = runtime.decorated.tx;

let bench: BlockBench;

beforeAll(async () => {
  bench = await blockBench();
});

function transfer(amount: bigint) {
  return tx['balances']!['transferKeepAlive']!({ Id: ids.bob }, amount);
}

/** A payable call the queue cannot decode: the value moves first, then the call reverts. */
function revertingCall(value: bigint) {
  const gas = { refTime: 1_000_000_000n, proofSize: 100_000n };
  return tx['revive']!['call']!(addresses.aiJobQueue, value, gas, 0, '0xdeadbeef');
}

describe('BlockBuilder', () => {
  it('keeps a failed call out of the state but charges its fee, and goes on after it', () => {
    const first = bench.checked(transfer(ONE_PAS), 0);
    const failing = bench.checked(revertingCall(5n * ONE_PAS), 1);
    const third = bench.checked(transfer(2n * ONE_PAS), 2);
    const { block, included } = bench.build([third, failing, first]);

    expect(included.map(({ xt, success }) => [xt.nonce, success])).toEqual([
      [0, true],
      [1, false],
      [2, true],
    ]);
    const before = bench.parent.state!;
    const after = block.state!;
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
    expect(bench.eventNames(block).filter((e) => e.startsWith('system.Extrinsic'))).toEqual([
      'system.ExtrinsicSuccess',
      'system.ExtrinsicSuccess',
      'system.ExtrinsicFailed',
      'system.ExtrinsicSuccess',
    ]);
  });

  it('never writes the parent state', () => {
    const snapshot = serialize(bench.parent.state).toString('hex');
    bench.build([bench.checked(transfer(ONE_PAS), 0), bench.checked(revertingCall(ONE_PAS), 1)]);
    expect(serialize(bench.parent.state).toString('hex')).toBe(snapshot);
  });

  it('gives the same block for the same input, another for another state', () => {
    const xt = bench.checked(transfer(ONE_PAS), 0);
    expect(bench.build([xt]).block.hash).toBe(bench.build([xt]).block.hash);
    expect(bench.build([xt]).block.hash).not.toBe(
      bench.build([bench.checked(transfer(2n * ONE_PAS), 0)]).block.hash,
    );
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
