import fc from 'fast-check';
import { batchSizes } from './batch-sizes';

describe('batchSizes', () => {
  it.each<[number, number, number, number[]]>([
    [4, 5, 100, []],
    [5, 5, 100, [5]],
    [100, 5, 100, [100]],
    [101, 5, 100, [51, 50]],
    [250, 5, 100, [84, 83, 83]],
    [9, 5, 8, [8]],
    [10, 5, 8, [5, 5]],
    [0, 1, 1, []],
    [3, 1, 1, [1, 1, 1]],
  ])('splits %i intents with sizes %i..%i as %j', (n, min, max, sizes) => {
    expect(batchSizes(n, min, max)).toEqual(sizes);
  });

  it('keeps every batch within bounds and takes as many intents as any split could', () => {
    const bounds = fc
      .tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 40 }))
      .map(([min, extra]) => ({ min, max: min + extra }));
    fc.assert(
      fc.property(bounds, fc.integer({ min: 0, max: 500 }), ({ min, max }, n) => {
        const sizes = batchSizes(n, min, max);
        const taken = sizes.reduce((a, b) => a + b, 0);
        for (const size of sizes) {
          expect(size).toBeGreaterThanOrEqual(min);
          expect(size).toBeLessThanOrEqual(max);
        }
        expect(taken).toBeLessThanOrEqual(n);
        // Brute force: the most intents k batches of min..max can hold, over every feasible k.
        let best = 0;
        for (let k = 1; k * min <= n; k++) {
          best = Math.max(best, Math.min(n, k * max));
        }
        expect(taken).toBe(best);
        expect(Math.max(...sizes, 0) - Math.min(...sizes, Infinity)).toBeLessThanOrEqual(
          sizes.length > 0 ? 1 : Infinity,
        );
      }),
    );
  });
});
