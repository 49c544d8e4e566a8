import fc from 'fast-check';
import { computeBatchSettlement } from './batch-settlement';
import { formFairBatches } from './form-fair-batches';
import type { PendingIntent } from './pending-intent';
import { price } from './price';
import { priceTable } from './token-pair';

const PAIR = { tokenIn: 'DOT', tokenOut: 'USDT' };
const intent = (id: bigint, amountIn: bigint, minOutput: bigint): PendingIntent => ({
  intentId: id,
  ...PAIR,
  amountIn,
  minOutput,
});

describe('computeBatchSettlement', () => {
  it('fills every member at the clearing price and reports the surplus over each minimum', () => {
    // At 3/2: 10 -> 15, 11 -> 16 (16.5 rounded down), 7 -> 10 (10.5).
    const out = computeBatchSettlement({
      clearingPrice: price(3n, 2n),
      intents: [intent(3n, 7n, 9n), intent(1n, 10n, 14n), intent(2n, 11n, 16n)],
    });
    expect(out).toEqual({
      ok: true,
      settlement: {
        pair: PAIR,
        clearingPrice: { num: 3n, den: 2n },
        executionPrice: '3/2',
        fills: [
          { intentId: 1n, amountIn: 10n, minOutput: 14n, output: 15n, surplus: 1n },
          { intentId: 2n, amountIn: 11n, minOutput: 16n, output: 16n, surplus: 0n },
          { intentId: 3n, amountIn: 7n, minOutput: 9n, output: 10n, surplus: 1n },
        ],
        actualOutput: 41n,
        totalAmountIn: 28n,
        totalMinOutput: 39n,
        totalSurplus: 2n,
      },
    });
  });

  it.each<[string, PendingIntent[], string]>([
    ['empty-batch', [], 'at least one'],
    ['mixed-pairs', [intent(1n, 1n, 0n), { ...intent(2n, 1n, 0n), tokenOut: 'USDC' }], 'mixes'],
    ['duplicate-intent', [intent(1n, 1n, 0n), intent(1n, 1n, 0n)], 'intent 1 appears'],
    ['below-minimum', [intent(1n, 10n, 15n), intent(2n, 10n, 16n)], 'intent 2 would get 15'],
    ['output-too-large', [intent(1n, 1n << 127n, 0n), intent(2n, 1n << 127n, 0n)], 'u128'],
  ])('refuses a batch with %s', (code, intents, hint) => {
    const out = computeBatchSettlement({ clearingPrice: price(3n, 2n), intents });
    expect(out).toMatchObject({ ok: false, code });
    expect(!out.ok && out.reason).toContain(hint);
  });

  it('settles every planned batch, with outputs summing to actual_output and no negative surplus', () => {
    const intents = fc.uniqueArray(
      fc
        .record({
          id: fc.bigInt({ min: 1n, max: 10n ** 6n }),
          amountIn: fc.bigInt({ min: 1n, max: 10n ** 24n }),
        })
        .chain(({ id, amountIn }) =>
          fc
            .bigInt({ min: 0n, max: amountIn * 2n })
            .map((minOutput) => intent(id, amountIn, minOutput)),
        ),
      { selector: (i) => i.intentId, maxLength: 60 },
    );
    const prices = fc
      .tuple(fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 1n, max: 1000n }))
      .map(([num, den]) => price(num, den));
    fc.assert(
      fc.property(intents, prices, (members, clearingPrice) => {
        const plan = formFairBatches(members, {
          clearingPrices: priceTable([[PAIR, clearingPrice]]),
        });
        for (const batch of plan.batches) {
          const out = computeBatchSettlement(batch);
          expect(out.ok).toBe(true);
          if (out.ok) {
            const s = out.settlement;
            expect(s.fills.map((f) => f.intentId)).toEqual(batch.intentIds);
            expect(s.actualOutput).toBe(s.fills.reduce((t, f) => t + f.output, 0n));
            expect(s.totalSurplus).toBe(s.actualOutput - s.totalMinOutput);
            expect(
              s.fills.every(
                (f) =>
                  f.surplus >= 0n && f.output * clearingPrice.den <= f.amountIn * clearingPrice.num,
              ),
            ).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
