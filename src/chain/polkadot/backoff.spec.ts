import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { minMs: 100, maxMs: 5_000 };

  it('grows exponentially from minMs and never exceeds maxMs', () => {
    const ceilings = [0, 1, 2, 3, 10, 50].map((n) => backoffDelay(n, policy, () => 0.999999));
    expect(ceilings).toEqual([100, 200, 400, 800, 5_000, 5_000]);
  });

  it('keeps at least half of the exponential step as jitter floor, and at least minMs', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(100);
    expect(backoffDelay(3, policy, () => 0)).toBe(400);
    expect(backoffDelay(20, policy, () => 0)).toBe(2_500);
  });

  it('stays within bounds for any random value, including bad ones', () => {
    for (const r of [-1, 0, 0.3, 0.7, 1, 2, Number.NaN]) {
      for (let attempt = 0; attempt < 40; attempt++) {
        const delay = backoffDelay(attempt, policy, () => r);
        expect(delay).toBeGreaterThanOrEqual(policy.minMs);
        expect(delay).toBeLessThanOrEqual(policy.maxMs);
      }
    }
  });

  it('treats minMs above maxMs as maxMs', () => {
    expect(backoffDelay(0, { minMs: 10_000, maxMs: 1_000 }, () => 0.5)).toBe(1_000);
  });
});
