import { PassHealth } from './pass-health';

describe('PassHealth', () => {
  let now = 0;
  const health = () =>
    new PassHealth({ maxFailedPasses: 3, stalledPassMs: 10_000 }, 500, () => now);

  beforeEach(() => {
    now = 1_000;
  });

  it('is unhealthy before start and after stop', () => {
    const passes = health();
    expect(passes.health()).toEqual({ isHealthy: false, reason: 'not running' });
    passes.started();
    expect(passes.health()).toEqual({ isHealthy: true });
    passes.stopped();
    expect(passes.health().isHealthy).toBe(false);
  });

  it('turns unhealthy after the configured number of failed passes in a row, healthy after one success', async () => {
    const passes = health();
    passes.started();
    const fail = () => passes.track(() => Promise.reject(new Error('database gone')));
    await expect(fail()).rejects.toThrow('database gone');
    await expect(fail()).rejects.toThrow('database gone');
    expect(passes.health().isHealthy).toBe(true);
    await expect(fail()).rejects.toThrow('database gone');
    expect(passes.health()).toEqual({
      isHealthy: false,
      reason: 'the last 3 passes failed: database gone',
    });
    await passes.track(() => Promise.resolve());
    expect(passes.health()).toEqual({ isHealthy: true });
  });

  it('turns unhealthy when no pass ends for longer than the interval plus the stall limit', () => {
    const passes = health();
    passes.started();
    now += 10_500;
    expect(passes.health().isHealthy).toBe(true);
    now += 1;
    expect(passes.health()).toEqual({ isHealthy: false, reason: 'no pass has ended for 11 s' });
    passes.succeeded();
    expect(passes.health().isHealthy).toBe(true);
  });
});
