import fc from 'fast-check';
import { parseExecutionRoute } from './execution-route';
import { formFairBatches, type FairBatchPlanning } from './form-fair-batches';
import type { PendingIntent } from './pending-intent';
import { price, type Price } from './price';
import { priceTable, type TokenPair } from './token-pair';

const DOT_USDT: TokenPair = { tokenIn: 'DOT', tokenOut: 'USDT' };
const KSM_USDT: TokenPair = { tokenIn: 'KSM', tokenOut: 'USDT' };
const PRICES = priceTable([
  [DOT_USDT, price(3n, 2n)],
  [KSM_USDT, price(20n, 1n)],
]);

function intent(id: number, amountIn: bigint, minOutput: bigint, pair = DOT_USDT): PendingIntent {
  return { intentId: BigInt(id), ...pair, amountIn, minOutput };
}

/** Independent of outputAt: floor(a * n / d) >= m  <=>  a * n >= m * d. */
const meetsMinimum = (i: PendingIntent, p: Price) => i.amountIn * p.num >= i.minOutput * p.den;

describe('formFairBatches', () => {
  it('puts ten intents of one pair in one batch, none below its minimum', () => {
    const intents = Array.from({ length: 10 }, (_, k) => intent(10 - k, 100n, 140n + BigInt(k)));
    const plan = formFairBatches(intents, { clearingPrices: PRICES });
    expect(plan.excluded).toEqual([]);
    expect(plan.waiting).toEqual([]);
    expect(plan.batches).toHaveLength(1);
    const [batch] = plan.batches;
    expect(batch?.intentIds).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n]);
    expect(batch?.clearingPrice).toEqual({ num: 3n, den: 2n });
    expect(batch?.executionRoute).toBe('fair-batch:v1:DOT:USDT:3/2');
    expect(batch?.executionPrice).toBe('3/2');
    expect(batch?.intents.every((i) => meetsMinimum(i, { num: 3n, den: 2n }))).toBe(true);
  });

  it('excludes an intent whose minimum the clearing price cannot meet, with the figures', () => {
    const intents = [1, 2, 3, 4, 5].map((id) => intent(id, 100n, 150n));
    intents.push(intent(6, 100n, 151n)); // 100 × 3/2 = 150 < 151
    const plan = formFairBatches(intents, { clearingPrices: PRICES });
    expect(plan.batches.map((b) => b.intentIds)).toEqual([[1n, 2n, 3n, 4n, 5n]]);
    expect(plan.excluded).toEqual([
      {
        intentId: 6n,
        pair: DOT_USDT,
        code: 'below-minimum',
        reason: 'at 3/2, 100 in gives 150, below min_output 151',
      },
    ]);
  });

  it('forms separate batches for separate pairs, and keeps small pairs waiting', () => {
    const intents = [
      ...[1, 3, 5, 7, 9, 11].map((id) => intent(id, 10n, 15n)),
      ...[2, 4, 6, 8, 10].map((id) => intent(id, 1n, 20n, KSM_USDT)),
      ...[12, 13].map((id) => intent(id, 1n, 1n, { tokenIn: 'dot', tokenOut: 'USDT' })),
    ];
    const plan = formFairBatches(intents, { clearingPrices: PRICES });
    expect(plan.batches.map((b) => [b.pair, b.intentIds])).toEqual([
      [DOT_USDT, [1n, 3n, 5n, 7n, 9n, 11n]],
      [KSM_USDT, [2n, 4n, 6n, 8n, 10n]],
    ]);
    // Tokens are exact chain strings: "dot" is another pair, with no price.
    expect(plan.excluded.map((e) => [e.intentId, e.code])).toEqual([
      [12n, 'no-price'],
      [13n, 'no-price'],
    ]);
  });

  it('forms no batch from fewer than five intents and reports them as waiting', () => {
    const plan = formFairBatches(
      [1, 2, 3, 4].map((id) => intent(id, 10n, 1n)),
      { clearingPrices: PRICES },
    );
    expect(plan.batches).toEqual([]);
    expect(plan.waiting).toEqual([
      {
        pair: DOT_USDT,
        intentIds: [1n, 2n, 3n, 4n],
        reason: '4 eligible intent(s) for "DOT" -> "USDT"; a batch needs 5',
      },
    ]);
  });

  it('splits a large pair evenly within the contract bounds', () => {
    const intents = Array.from({ length: 101 }, (_, k) => intent(k + 1, 2n, 3n));
    const plan = formFairBatches(intents, { clearingPrices: PRICES });
    expect(plan.batches.map((b) => b.intentIds.length)).toEqual([51, 50]);
    expect(plan.batches[1]?.intentIds[0]).toBe(52n);
  });

  it('collapses identical copies of an intent and excludes conflicting ones', () => {
    const intents = [1, 2, 3, 4, 5].map((id) => intent(id, 10n, 1n));
    intents.push(intent(5, 10n, 1n), intent(6, 10n, 1n), intent(6, 11n, 1n));
    const plan = formFairBatches(intents, { clearingPrices: PRICES });
    expect(plan.batches.map((b) => b.intentIds)).toEqual([[1n, 2n, 3n, 4n, 5n]]);
    expect(plan.excluded).toMatchObject([{ intentId: 6n, code: 'conflicting-duplicate' }]);
  });

  it('excludes intents whose output could overflow a batch total, and malformed tokens', () => {
    const huge = intent(1, 1n << 127n, 0n, KSM_USDT);
    const broken = intent(2, 1n, 0n, { tokenIn: '\ud800', tokenOut: 'USDT' });
    const plan = formFairBatches([huge, broken], { clearingPrices: PRICES });
    expect(plan.excluded.map((e) => e.code)).toEqual(['output-too-large', 'malformed-token']);
  });

  it.each([
    [0, 5],
    [6, 5],
    [1.5, 5],
  ])('refuses batch sizes %s..%s', (minBatchSize, maxBatchSize) => {
    expect(() =>
      formFairBatches([], { minBatchSize, maxBatchSize, clearingPrices: PRICES }),
    ).toThrow(/minBatchSize/);
  });

  const pairs: TokenPair[] = [DOT_USDT, KSM_USDT, { tokenIn: 'ETH', tokenOut: 'DOT' }];
  // Prices near 1/1 and minimums around the fair output, so both sides of the minimum occur.
  const randomPrice = fc
    .tuple(fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.integer({ min: 80, max: 120 }))
    .map(([den, percent]) => price((den * BigInt(percent)) / 100n + 1n, den));
  const randomIntents = fc
    .uniqueArray(
      fc.record({
        intentId: fc.bigInt({ min: 1n, max: 10n ** 9n }),
        pair: fc.constantFrom(...pairs),
        amountIn: fc.bigInt({ min: 1n, max: 10n ** 20n }),
        slackPercent: fc.bigInt({ min: 50n, max: 150n }),
      }),
      { selector: (r) => r.intentId, maxLength: 120 },
    )
    .map((raw) =>
      raw.map((r) => ({
        intentId: r.intentId,
        ...r.pair,
        amountIn: r.amountIn,
        minOutput: (r.amountIn * r.slackPercent) / 100n,
      })),
    );
  const intentsInTwoOrders = randomIntents.chain((intents) =>
    fc.tuple(
      fc.constant(intents),
      fc.shuffledSubarray(intents, { minLength: intents.length, maxLength: intents.length }),
    ),
  );

  it('never plans below a minimum, keeps sizes in bounds, and ignores input order', () => {
    fc.assert(
      fc.property(
        intentsInTwoOrders,
        randomPrice,
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 40 }),
        ([intents, shuffled], clearingPrice, minBatchSize, extra) => {
          const options = {
            minBatchSize,
            maxBatchSize: minBatchSize + extra,
            // The third pair has no price.
            clearingPrices: priceTable(pairs.slice(0, 2).map((p) => [p, clearingPrice] as const)),
          };
          const plan = formFairBatches(intents, options);
          checkPlan(plan, intents, options.minBatchSize, options.maxBatchSize);
          expect(formFairBatches(shuffled, options)).toEqual(plan);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function checkPlan(plan: FairBatchPlanning, intents: PendingIntent[], min: number, max: number) {
  const seen = new Set<bigint>();
  for (const batch of plan.batches) {
    expect(batch.intents.length).toBeGreaterThanOrEqual(min);
    expect(batch.intents.length).toBeLessThanOrEqual(max);
    expect(parseExecutionRoute(batch.executionRoute)).toEqual({
      pair: batch.pair,
      clearingPrice: batch.clearingPrice,
    });
    const ids = batch.intents.map((i) => i.intentId);
    expect(batch.intentIds).toEqual(ids);
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    for (const member of batch.intents) {
      expect(meetsMinimum(member, batch.clearingPrice)).toBe(true);
      expect(member.tokenIn === batch.pair.tokenIn && member.tokenOut === batch.pair.tokenOut).toBe(
        true,
      );
      seen.add(member.intentId);
    }
  }
  const elsewhere = [
    ...plan.excluded.map((e) => e.intentId),
    ...plan.waiting.flatMap((w) => w.intentIds),
  ];
  for (const id of elsewhere) {
    expect(seen.has(id)).toBe(false);
    seen.add(id);
  }
  // Every intent is accounted for exactly once.
  expect(seen.size).toBe(intents.length);
  const byId = new Map(intents.map((i) => [i.intentId, i]));
  const prices = new Map(plan.batches.map((b) => [b.pair.tokenIn, b.clearingPrice]));
  for (const excluded of plan.excluded) {
    const price = prices.get(excluded.pair.tokenIn);
    const member = byId.get(excluded.intentId);
    if (excluded.code === 'below-minimum' && price !== undefined && member !== undefined) {
      expect(meetsMinimum(member, price)).toBe(false);
    }
  }
}
