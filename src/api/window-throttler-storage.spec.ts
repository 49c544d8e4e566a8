import { WindowThrottlerStorage } from './window-throttler-storage';

describe('WindowThrottlerStorage', () => {
  let clock: number;
  let storage: WindowThrottlerStorage;
  const hit = (key = 'ip-a') => storage.increment(key, 60_000, 3, 60_000, 'default');

  beforeEach(() => {
    clock = 1_000_000;
    storage = new WindowThrottlerStorage(() => clock);
  });

  it('lets `limit` requests through in a window and blocks the next one', async () => {
    for (let i = 1; i <= 3; i++) {
      await expect(hit()).resolves.toMatchObject({ totalHits: i, isBlocked: false });
    }
    clock += 10_000;
    await expect(hit()).resolves.toEqual({
      totalHits: 4,
      timeToExpire: 50,
      isBlocked: true,
      timeToBlockExpire: 60,
    });
  });

  it('counts each client key on its own', async () => {
    await hit('ip-a');
    await hit('ip-a');
    await hit('ip-a');
    await expect(hit('ip-b')).resolves.toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('starts a fresh window after the ttl, and keeps a block for its whole duration', async () => {
    await hit();
    clock += 60_000;
    await expect(hit()).resolves.toMatchObject({ totalHits: 1, isBlocked: false });
    await hit();
    await hit();
    clock += 59_000;
    await expect(hit()).resolves.toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    clock += 30_000; // window over, block not
    await expect(hit()).resolves.toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    clock += 30_000;
    await expect(hit()).resolves.toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('forgets idle clients once their window has passed', async () => {
    for (let i = 0; i < 50; i++) {
      await hit(`ip-${i}`);
    }
    expect(storage.size).toBe(50);
    clock += 61_000;
    await hit('ip-new');
    expect(storage.size).toBe(1);
  });
});
