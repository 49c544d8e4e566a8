import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { baseMs: 100, maxMs: 5_000 };

  it('grows exponentially from baseMs and never exceeds maxMs', () => {
    const ceilings = [1, 2, 3, 4, 11, 51].map((n) => backoffDelay(n, policy, () => 0.999999));
    expect(ceilings).toEqual([100, 200, 400, 800, 5_000, 5_000]);
  });

  it('keeps half of the exponential step as the jitter floor', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(4, policy, () => 0)).toBe(400);
    expect(backoffDelay(21, policy, () => 0)).toBe(2_500);
  });

  it('never goes below floorMs', () => {
    const floored = { ...policy, floorMs: 100 };
    expect(backoffDelay(1, floored, () => 0)).toBe(100);
    expect(backoffDelay(4, floored, () => 0)).toBe(400);
  });

  it('stays within bounds for any random value, including bad ones', () => {
    const floored = { ...policy, floorMs: policy.baseMs };
    for (const r of [-1, 0, 0.3, 0.7, 1, 2, Number.NaN]) {
      for (let attempt = 1; attempt <= 40; attempt++) {
        const delay = backoffDelay(attempt, floored, () => r);
        expect(delay).toBeGreaterThanOrEqual(floored.floorMs);
        expect(delay).toBeLessThanOrEqual(floored.maxMs);
      }
    }
  });

  it('treats baseMs and floorMs above maxMs as maxMs', () => {
    const inverted = { baseMs: 10_000, maxMs: 1_000, floorMs: 10_000 };
    expect(backoffDelay(1, inverted, () => 0.5)).toBe(1_000);
  });

  it('jitters the retries of the transaction manager and the job engine', () => {
    const retry = { baseMs: 100, maxMs: 1_000 };
    expect(backoffDelay(1, retry, () => 0)).toBe(50);
    expect(backoffDelay(3, retry, () => 0.999999)).toBe(400);
    expect(backoffDelay(20, retry, () => 0.5)).toBe(750);
  });
});
