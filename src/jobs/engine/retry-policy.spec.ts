import { decideRetry } from './retry-policy';

const discoveredAt = new Date('2026-01-01T00:00:00Z');
const limits = { maxRetries: 2, maxExecutionMs: 60_000 };
const at = (ms: number) => new Date(discoveredAt.getTime() + ms);

describe('decideRetry', () => {
  it('retries after the delay while attempts and time are left', () => {
    expect(decideRetry({ attempts: 1, discoveredAt }, 5_000, at(10_000), limits)).toEqual({
      retry: true,
      at: at(15_000),
    });
  });

  it('stops once MAX_RETRIES retries have been used', () => {
    const verdict = decideRetry({ attempts: 3, discoveredAt }, 1, at(1), limits);
    expect(verdict).toEqual({ retry: false, reason: '3 attempts failed' });
  });

  it('stops when the retry would start past MAX_EXECUTION_TIME after discovery', () => {
    expect(decideRetry({ attempts: 1, discoveredAt }, 5_000, at(55_000), limits).retry).toBe(true);
    const late = decideRetry({ attempts: 1, discoveredAt }, 5_001, at(55_000), limits);
    expect(late.retry).toBe(false);
    expect(late).toMatchObject({ reason: expect.stringContaining('MAX_EXECUTION_TIME') });
  });
});
