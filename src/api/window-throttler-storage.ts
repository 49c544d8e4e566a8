import type { ThrottlerStorage } from '@nestjs/throttler';

interface Window {
  start: number;
  hits: number;
  blockedUntil: number;
}

/**
 * Fixed-window request counter for @nestjs/throttler: O(1) per request and one entry per client
 * key. The library's default store keeps one timestamp per request and scans them all on each
 * hit, so its cost grows with the limit (bench/api-job-read.bench.ts). A client may burst up to
 * twice the limit across a window boundary; that is the usual fixed-window trade.
 */
export class WindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private lastSweep: number;

  constructor(private readonly now: () => number = Date.now) {
    this.lastSweep = now();
  }

  /** Entries currently kept (tests). */
  get size(): number {
    return this.windows.size;
  }

  increment(key: string, ttl: number, limit: number, blockDuration: number, name: string) {
    const now = this.now();
    this.sweep(now, ttl);
    const id = `${name}\u0000${key}`;
    let window = this.windows.get(id);
    if (window === undefined || (now >= window.start + ttl && now >= window.blockedUntil)) {
      window = { start: now, hits: 0, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    window.hits += 1;
    if (window.blockedUntil <= now && window.hits > limit) {
      window.blockedUntil = now + blockDuration;
    }
    const isBlocked = window.blockedUntil > now;
    return Promise.resolve({
      totalHits: window.hits,
      timeToExpire: seconds(window.start + ttl - now),
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds(window.blockedUntil - now) : 0,
    });
  }

  private sweep(now: number, ttl: number): void {
    if (now - this.lastSweep < ttl) {
      return;
    }
    this.lastSweep = now;
    for (const [id, window] of this.windows) {
      if (now >= window.start + ttl && now >= window.blockedUntil) {
        this.windows.delete(id);
      }
    }
  }
}

function seconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}
