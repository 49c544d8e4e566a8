import { u8aToHex } from '@polkadot/util';
import { encodeCall } from '../../src/contracts';
import { devAccountIds } from '../chain/genesis';
import { addresses, blockBench, runtime, type BlockBench } from '../chain/testing/block-bench';

const ids = devAccountIds();
const ONE_PAS = 10_000_000_000n;
const GAS = { refTime: 1_000_000_000n, proofSize: 100_000n };
const tx = runtime.decorated.tx;

let bench: BlockBench;

beforeAll(async () => {
  bench = await blockBench();
});

const transfer = (amount: bigint) => tx['balances']!['transferKeepAlive']!({ Id: ids.bob }, amount);
/** pays 5 PAS to the job queue, then reverts: the queue cannot decode 0xdeadbeef */
const reverting = () =>
  tx['revive']!['call']!(addresses.aiJobQueue, 5n * ONE_PAS, GAS, 0, '0xdeadbeef');
const intent = (i: number) =>
  tx['contracts']!['call']!(
    { Id: addresses.mevProtection },
    0,
    GAS,
    null,
    u8aToHex(
      encodeCall('mevProtection', 'submit_intent', {
        encryptedIntent: `intent-${i}`,
        tokenIn: 'PAS',
        tokenOut: 'USDT',
        minOutput: BigInt(i + 1),
      }),
    ),
  );
const batch = (method: 'batch' | 'batchAll' | 'forceBatch', calls: unknown[]) =>
  tx['utility']![method]!(calls);

function bobGained(block: { state: unknown }): bigint {
  const before = bench.parent.state!.accounts.get(ids.bob)!.free;
  return (block.state as typeof bench.parent.state)!.accounts.get(ids.bob)!.free - before;
}

const SIGNED_TAIL = ['transactionPayment.TransactionFeePaid', 'system.ExtrinsicSuccess'];

describe('utility batches', () => {
  it('batch: runs the calls in order and stops at the first failure, which leaves no change', () => {
    const xt = bench.checked(
      batch('batch', [transfer(ONE_PAS), reverting(), transfer(ONE_PAS)]),
      0,
    );
    const { block, included } = bench.build([xt]);
    expect(included[0]!.success).toBe(true);
    expect(bench.eventNames(block).slice(1)).toEqual([
      'balances.Withdraw',
      'balances.Transfer',
      'utility.ItemCompleted',
      'utility.BatchInterrupted',
      ...SIGNED_TAIL,
    ]);
    expect(bobGained(block)).toBe(ONE_PAS);
    expect(block.state!.accounts.get(ids.alice)).toEqual({
      nonce: 1,
      free: bench.parent.state!.accounts.get(ids.alice)!.free - ONE_PAS - xt.fee,
      reserved: 0n,
    });
  });

  it('batchAll: one failure fails the extrinsic and undoes every call', () => {
    const xt = bench.checked(batch('batchAll', [transfer(ONE_PAS), reverting()]), 0);
    const { block, included } = bench.build([xt]);
    expect(included[0]!.success).toBe(false);
    expect(bench.eventNames(block).slice(1)).toEqual([
      'balances.Withdraw',
      'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicFailed',
    ]);
    expect(bobGained(block)).toBe(0n);
    expect(block.state!.accounts.get(ids.alice)!.free).toBe(
      bench.parent.state!.accounts.get(ids.alice)!.free - xt.fee,
    );
  });

  it('forceBatch: goes on past a failure and reports it', () => {
    const calls = [transfer(ONE_PAS), reverting(), transfer(2n * ONE_PAS)];
    const xt = bench.checked(batch('forceBatch', calls), 0);
    const { block } = bench.build([xt]);
    expect(bench.eventNames(block).slice(1)).toEqual([
      'balances.Withdraw',
      'balances.Transfer',
      'utility.ItemCompleted',
      'utility.ItemFailed',
      'balances.Transfer',
      'utility.ItemCompleted',
      'utility.BatchCompletedWithErrors',
      ...SIGNED_TAIL,
    ]);
    expect(bobGained(block)).toBe(3n * ONE_PAS);
    expect(block.state!.accounts.get(ids.alice)!.free).toBe(
      bench.parent.state!.accounts.get(ids.alice)!.free - 3n * ONE_PAS - xt.fee,
    );
  });

  it('packs many contract calls, and their events, into one extrinsic', () => {
    const calls = Array.from({ length: 20 }, (_, i) => intent(i));
    const { block } = bench.build([bench.checked(batch('batchAll', calls), 0)]);
    const names = bench.eventNames(block);
    expect(names.filter((n) => n === 'contracts.ContractEmitted')).toHaveLength(20);
    expect(names.filter((n) => n === 'utility.ItemCompleted')).toHaveLength(20);
    expect(names.at(-3)).toBe('utility.BatchCompleted');
    const mev = block.state!.contracts.mevProtection as { intentCounter: bigint };
    expect(mev.intentCounter).toBe(20n);
  });

  it('refuses, as a call the devnet does not model, a batch holding one', () => {
    const remarkAsRoot = tx['system']!['setCode']!('0x00');
    expect(() => bench.checked(batch('batch', [transfer(ONE_PAS), remarkAsRoot]), 0)).toThrow(
      /refused: Call/,
    );
  });
});
