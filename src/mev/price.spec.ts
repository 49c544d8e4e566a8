import fc from 'fast-check';
import { formatExecutionPrice, outputAt, parseExecutionPrice, price } from './price';

describe('clearing prices', () => {
  it('reduces to lowest terms, so equal prices are equal', () => {
    expect(price(6n, 4n)).toEqual({ num: 3n, den: 2n });
    expect(price(6n, 4n)).toEqual(price(3n, 2n));
  });

  it.each([
    [0n, 1n],
    [1n, 0n],
    [-3n, 2n],
    [3n, -2n],
  ])('refuses %s/%s', (num, den) => {
    expect(() => price(num, den)).toThrow(/positive/);
  });

  it('rounds the output down', () => {
    expect(outputAt(price(3n, 2n), 11n)).toBe(16n); // 16.5
    expect(outputAt(price(1n, 3n), 2n)).toBe(0n);
    expect(outputAt(price(2n, 1n), 10n ** 30n)).toBe(2n * 10n ** 30n);
  });

  it('formats as <num>/<den> and parses back only the canonical form', () => {
    expect(formatExecutionPrice(price(6n, 4n))).toBe('3/2');
    expect(parseExecutionPrice('3/2')).toEqual({ num: 3n, den: 2n });
    for (const text of ['6/4', '03/2', '3/02', '0/1', '3/0', '3', '3/2 ', '-3/2', '1.5', '']) {
      expect(parseExecutionPrice(text)).toBeNull();
    }
  });

  it('round-trips any price through its text', () => {
    const positive = fc.bigInt({ min: 1n, max: (1n << 128n) - 1n });
    fc.assert(
      fc.property(positive, positive, (num, den) => {
        const p = price(num, den);
        expect(parseExecutionPrice(formatExecutionPrice(p))).toEqual(p);
        expect(p.num * den).toBe(num * p.den);
      }),
    );
  });
});
