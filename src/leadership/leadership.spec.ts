import { NOOP_LOGGER } from '../shared';
import { Leadership, type LeaderDuties } from './leadership';
import type { Lease, LeaseClaim, LeaseFence, LeaseRepository } from './lease-repository';

/** The LeaseRepository semantics over a Map, on the (fake) Date clock; `isDown` makes it throw. */
class InMemoryLeases implements LeaseRepository {
  private readonly rows = new Map<string, Lease>();
  isDown = false;

  acquire(name: string, holder: string, ttlMs: number): Promise<LeaseClaim> {
    if (this.isDown) {
      return Promise.reject(new Error('database unreachable'));
    }
    const now = Date.now();
    const row = this.rows.get(name);
    if (row !== undefined && row.holder !== holder && row.expiresAtMs >= now) {
      return Promise.resolve({ isHeld: false, current: row });
    }
    const continues = row !== undefined && row.holder === holder && row.expiresAtMs >= now;
    const lease: Lease = {
      name,
      holder,
      token: continues ? row.token : (row?.token ?? 0n) + 1n,
      acquiredAtMs: continues ? row.acquiredAtMs : now,
      expiresAtMs: now + ttlMs,
    };
    this.rows.set(name, lease);
    return Promise.resolve({ isHeld: true, lease });
  }

  release(fence: LeaseFence): Promise<boolean> {
    const row = this.rows.get(fence.name);
    if (row?.holder !== fence.holder || row.token !== fence.token) {
      return Promise.resolve(false);
    }
    this.rows.set(fence.name, { ...row, expiresAtMs: 0 });
    return Promise.resolve(true);
  }

  get(name: string): Promise<Lease | null> {
    return Promise.resolve(this.rows.get(name) ?? null);
  }
}

class RecordingDuties implements LeaderDuties {
  readonly log: string[] = [];
  start(fence: LeaseFence): Promise<void> {
    this.log.push(`start ${fence.token}`);
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.log.push('stop');
    return Promise.resolve();
  }
}

const TTL = 9_000;

function leadership(leases: LeaseRepository, holder: string, duties: LeaderDuties): Leadership {
  return new Leadership(
    leases,
    duties,
    { name: 'chain-follower', holder, ttlMs: TTL, renewEveryMs: TTL / 3 },
    NOOP_LOGGER,
    () => Date.now(),
  );
}

describe('Leadership', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('runs the duties on exactly one of two instances and keeps them there while it renews', async () => {
    const leases = new InMemoryLeases();
    const [a, b] = [new RecordingDuties(), new RecordingDuties()];
    const first = leadership(leases, 'a', a);
    const second = leadership(leases, 'b', b);
    first.start();
    await jest.advanceTimersByTimeAsync(0);
    second.start();
    await jest.advanceTimersByTimeAsync(TTL * 5);

    expect(a.log).toEqual(['start 1']);
    expect(b.log).toEqual([]);
    expect([first.isLeader(), second.isLeader()]).toEqual([true, false]);
    await Promise.all([first.stop(), second.stop()]);
  });

  it('stops the duties when the lease runs out unrenewed, and a standby takes over with a new token', async () => {
    const leases = new InMemoryLeases();
    const [a, b] = [new RecordingDuties(), new RecordingDuties()];
    let canReachDatabase = true;
    const cutOff: LeaseRepository = {
      acquire: (...args) =>
        canReachDatabase ? leases.acquire(...args) : Promise.reject(new Error('unreachable')),
      release: (fence) => leases.release(fence),
      get: (name) => leases.get(name),
    };
    const first = leadership(cutOff, 'a', a);
    first.start();
    await jest.advanceTimersByTimeAsync(0);
    canReachDatabase = false;
    const second = leadership(leases, 'b', b);
    second.start();

    await jest.advanceTimersByTimeAsync(TTL);
    expect(a.log).toEqual(['start 1', 'stop']);
    expect(first.isLeader()).toBe(false);
    expect(b.log).toEqual([]);
    await jest.advanceTimersByTimeAsync(TTL / 3 + 1);
    expect(b.log).toEqual(['start 2']);
    expect(second.isLeader()).toBe(true);
    await Promise.all([first.stop(), second.stop()]);
  });

  it('releases the lease on stop so that a standby takes over on its next try', async () => {
    const leases = new InMemoryLeases();
    const [a, b] = [new RecordingDuties(), new RecordingDuties()];
    const first = leadership(leases, 'a', a);
    const second = leadership(leases, 'b', b);
    first.start();
    await jest.advanceTimersByTimeAsync(0);
    second.start();
    await jest.advanceTimersByTimeAsync(0);
    await first.stop();
    expect(a.log).toEqual(['start 1', 'stop']);
    await jest.advanceTimersByTimeAsync(TTL / 3);
    expect(b.log).toEqual(['start 2']);
    await second.stop();
    expect(await leases.get('chain-follower')).toMatchObject({ holder: 'b', expiresAtMs: 0 });
  });

  it('abdicates: stops the duties, lets a standby lead, and stays out for one TTL', async () => {
    const leases = new InMemoryLeases();
    const [a, b] = [new RecordingDuties(), new RecordingDuties()];
    const first = leadership(leases, 'a', a);
    const second = leadership(leases, 'b', b);
    first.start();
    await jest.advanceTimersByTimeAsync(0);
    second.start();
    await jest.advanceTimersByTimeAsync(0);
    await first.abdicate('the follower stopped for good');
    expect(a.log).toEqual(['start 1', 'stop']);
    expect(first.isLeader()).toBe(false);
    await jest.advanceTimersByTimeAsync(TTL / 3);
    expect(b.log).toEqual(['start 2']);
    await second.stop();
    // alone again, it comes back only after its pause, with fresh duties
    await jest.advanceTimersByTimeAsync(TTL / 3);
    expect(a.log).toEqual(['start 1', 'stop']);
    await jest.advanceTimersByTimeAsync(TTL);
    expect(a.log).toEqual(['start 1', 'stop', 'start 3']);
    await first.stop();
  });

  it('gives the duties up when another instance holds the lease at its next renewal', async () => {
    const leases = new InMemoryLeases();
    const a = new RecordingDuties();
    const first = leadership(leases, 'a', a);
    first.start();
    await jest.advanceTimersByTimeAsync(0);
    // a stalled past its expiry (e.g. a long pause) and someone else took the lease meanwhile
    await leases.release({ name: 'chain-follower', holder: 'a', token: 1n });
    await leases.acquire('chain-follower', 'b', TTL);
    await jest.advanceTimersByTimeAsync(TTL / 3);
    expect(a.log).toEqual(['start 1', 'stop']);
    expect(first.isLeader()).toBe(false);
    await first.stop();
  });
});
