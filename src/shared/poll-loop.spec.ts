import { startPollLoop } from './poll-loop';

describe('startPollLoop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A loop whose passes count themselves; `release` ends the pass in flight when `hold` is set. */
  function countingLoop(intervalMs: number, hold = false) {
    let passes = 0;
    let release: () => void = () => undefined;
    const loop = startPollLoop(
      () => {
        passes += 1;
        return hold ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
      },
      intervalMs,
      () => undefined,
    );
    return { loop, passes: () => passes, release: () => release() };
  }

  it('waits the interval between passes when nobody wakes it', async () => {
    const { loop, passes } = countingLoop(10_000);
    await jest.advanceTimersByTimeAsync(0);
    expect(passes()).toBe(1);
    await jest.advanceTimersByTimeAsync(9_999);
    expect(passes()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(passes()).toBe(2);
    await loop.stop();
  });

  it('starts the next pass at once when woken while it waits', async () => {
    const { loop, passes } = countingLoop(10_000);
    await jest.advanceTimersByTimeAsync(0);
    loop.wake();
    loop.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(passes()).toBe(2);
    // the interval counts again from that pass
    await jest.advanceTimersByTimeAsync(9_999);
    expect(passes()).toBe(2);
    await loop.stop();
  });

  it('makes exactly one more pass right after the one in flight, however often it was woken', async () => {
    const { loop, passes, release } = countingLoop(10_000, true);
    await jest.advanceTimersByTimeAsync(0);
    expect(passes()).toBe(1);
    loop.wake();
    loop.wake();
    loop.wake();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(passes()).toBe(1); // passes never overlap
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(passes()).toBe(2);
    release();
    await jest.advanceTimersByTimeAsync(9_999);
    expect(passes()).toBe(2);
    const stopped = loop.stop();
    await jest.advanceTimersByTimeAsync(1);
    await stopped;
  });

  it('ignores a wake once stopped', async () => {
    const { loop, passes } = countingLoop(10_000);
    await jest.advanceTimersByTimeAsync(0);
    await loop.stop();
    loop.wake();
    await jest.advanceTimersByTimeAsync(20_000);
    expect(passes()).toBe(1);
  });
});
