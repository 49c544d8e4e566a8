import { computeBatchSettlement, type BatchSettlement } from './batch-settlement';
import { formatRatio, summariseMevSavings } from './mev-savings';
import type { PendingIntent } from './pending-intent';
import { price, type Price } from './price';

function settle(tokenIn: string, p: Price, members: [number, bigint, bigint][]): BatchSettlement {
  const intents: PendingIntent[] = members.map(([id, amountIn, minOutput]) => ({
    intentId: BigInt(id),
    tokenIn,
    tokenOut: 'USDT',
    amountIn,
    minOutput,
  }));
  const out = computeBatchSettlement({ clearingPrice: p, intents });
  if (!out.ok) {
    throw new Error(out.reason);
  }
  return out.settlement;
}

describe('summariseMevSavings', () => {
  it('totals per pair, with floor averages and a fixed-decimal ratio', () => {
    // DOT at 2/1: outputs 20, 40, 60 over minimums 18, 40, 50 -> surplus 2, 0, 10.
    const dotA = settle('DOT', price(2n, 1n), [
      [1, 10n, 18n],
      [2, 20n, 40n],
    ]);
    const dotB = settle('DOT', price(2n, 1n), [[3, 30n, 50n]]);
    // KSM at 1/1: output 7 over minimum 0.
    const ksm = settle('KSM', price(1n, 1n), [[4, 7n, 0n]]);
    expect(summariseMevSavings([ksm, dotA, dotB])).toEqual({
      batchCount: 3,
      intentCount: 4,
      pairs: [
        {
          pair: { tokenIn: 'DOT', tokenOut: 'USDT' },
          batchCount: 2,
          intentCount: 3,
          totalAmountIn: '60',
          totalOutput: '120',
          totalMinOutput: '108',
          totalSurplus: '12',
          averageSurplusPerBatch: '6',
          averageSurplusPerIntent: '4',
          surplusRatio: '0.111111', // 12 / 108
        },
        {
          pair: { tokenIn: 'KSM', tokenOut: 'USDT' },
          batchCount: 1,
          intentCount: 1,
          totalAmountIn: '7',
          totalOutput: '7',
          totalMinOutput: '0',
          totalSurplus: '7',
          averageSurplusPerBatch: '7',
          averageSurplusPerIntent: '7',
          surplusRatio: null,
        },
      ],
    });
  });

  it('keeps u128-sized totals exact', () => {
    const big = (1n << 120n) + 1n;
    const s = settle('DOT', price(1n, 1n), [
      [1, big, big - 1n],
      [2, big, big],
    ]);
    const summary = summariseMevSavings([s, s]);
    expect(summary.pairs[0]?.totalOutput).toBe((4n * big).toString());
    expect(summary.pairs[0]?.totalSurplus).toBe('2');
  });

  it('summarises nothing as zero counts', () => {
    expect(summariseMevSavings([])).toEqual({ batchCount: 0, intentCount: 0, pairs: [] });
  });

  it.each<[bigint, bigint, number, string]>([
    [1n, 3n, 6, '0.333333'],
    [2n, 3n, 6, '0.666666'],
    [2n, 1n, 2, '2.00'],
    [0n, 5n, 6, '0.000000'],
    [7n, 2n, 0, '3'],
    [123456789n, 1000n, 3, '123456.789'],
  ])('formats %s/%s with %i decimals as %s', (num, den, decimals, text) => {
    expect(formatRatio(num, den, decimals)).toBe(text);
  });

  it('refuses a silly number of decimals', () => {
    expect(() => summariseMevSavings([], -1)).toThrow(/ratioDecimals/);
  });
});
