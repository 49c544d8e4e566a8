import { planckPrice } from './planck-price';

describe('planckPrice', () => {
  it('divides exact contract units by 1e8', () => {
    expect(planckPrice(0n)).toBe('0');
    expect(planckPrice(20_000_000_000n * 100_000_000n)).toBe('20000000000');
  });

  it('rounds a sub-planck remainder up to the next whole planck', () => {
    expect(planckPrice(1n)).toBe('1');
    expect(planckPrice(100_000_000n)).toBe('1');
    expect(planckPrice(100_000_001n)).toBe('2');
    expect(planckPrice(1_500n)).toBe('1');
  });

  it('keeps u128 magnitudes exact', () => {
    // u128::MAX = 340282366920938463463374607431768211455 units = …317.68211455 planck
    expect(planckPrice(2n ** 128n - 1n)).toBe('3402823669209384634633746074318');
  });

  it('refuses a negative amount', () => {
    expect(() => planckPrice(-1n)).toThrow(RangeError);
  });
});
