import type { Logger } from '../shared';
import type { LeaseFence, LeaseRepository } from './lease-repository';

/** The work only one instance may do at a time (the chain follower, the MEV batcher). */
export interface LeaderDuties {
  /** Starts it for the tenure `fence` names; writes should be fenced with it. */
  start(fence: LeaseFence): Promise<void>;
  /** Stops it; resolves once nothing of it runs any more. */
  stop(): Promise<void>;
}

export interface LeadershipConfig {
  /** The lease's name, one per kind of single work (e.g. `chain-follower`). */
  readonly name: string;
  /** This instance (INSTANCE_ID). */
  readonly holder: string;
  readonly ttlMs: number;
  /** How often the holder renews and a standby tries to take over (ttlMs / 3 by default). */
  readonly renewEveryMs: number;
}

/**
 * Runs `duties` while this instance holds the lease, on every instance at once: each one tries to
 * acquire or renew every `renewEveryMs`; the holder starts the duties, a standby waits. Duties stop
 * when a renewal finds the lease taken over, and also, without asking the database, when the
 * lease's time runs out locally before a renewal succeeded (database unreachable, a stalled
 * process): local time from before the request plus the TTL never passes the database's expiry.
 * Each tenure gets fresh duties with its own fencing token, so writes of an old tenure that were
 * still in flight fail on the token instead of committing after a takeover.
 */
export class Leadership {
  private fence: LeaseFence | null = null;
  private validUntil = 0;
  private loopTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  /** Ticks, expiries and stop run one after another. */
  private chain: Promise<void> = Promise.resolve();
  private isStopping = false;
  /** After an abdication, no acquire before this (local clock), so another instance gets a turn. */
  private pausedUntil = 0;

  constructor(
    private readonly leases: LeaseRepository,
    private readonly duties: LeaderDuties,
    private readonly config: LeadershipConfig,
    private readonly log: Logger,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Tries to acquire now, then keeps renewing (or trying) every `renewEveryMs` until stopped. */
  start(): void {
    this.isStopping = false;
    this.schedule(0);
  }

  isLeader(): boolean {
    return this.fence !== null;
  }

  /** The current tenure while leading, else null. */
  currentFence(): LeaseFence | null {
    return this.fence;
  }

  /** Stops trying, stops the duties and releases the lease so that a standby takes over at once. */
  async stop(): Promise<void> {
    this.isStopping = true;
    clearTimeout(this.loopTimer);
    await this.serially(async () => {
      const fence = this.fence;
      await this.resign('shutdown');
      if (fence !== null) {
        try {
          await this.leases.release(fence);
          this.log.info('lease released', { lease: fence.name, token: fence.token.toString() });
        } catch (err) {
          this.log.warn('lease release failed; it expires on its own', { err });
        }
      }
    });
  }

  /**
   * Gives the lease up while the process keeps running (the duties failed for good, e.g. the
   * follower found its cursor unusable): stops the duties, releases the lease so another instance
   * takes over at its next try, and stays out for one TTL before trying again with fresh duties.
   */
  abdicate(reason: string): Promise<void> {
    return this.serially(async () => {
      const fence = this.fence;
      if (fence === null) {
        return;
      }
      this.log.warn('giving the lease up', { lease: fence.name, reason });
      await this.resign(reason);
      this.pausedUntil = this.now() + this.config.ttlMs;
      await this.leases.release(fence).catch((err: unknown) => {
        this.log.warn('lease release failed; it expires on its own', { err });
      });
    });
  }

  private schedule(delayMs: number): void {
    if (this.isStopping) {
      return;
    }
    this.loopTimer = setTimeout(() => {
      void this.serially(() => this.tick()).finally(() => this.schedule(this.config.renewEveryMs));
    }, delayMs);
  }

  private serially(step: () => Promise<void>): Promise<void> {
    this.chain = this.chain
      .then(step)
      .catch((err: unknown) => this.log.error('leadership step failed', { err }));
    return this.chain;
  }

  private async tick(): Promise<void> {
    if (this.isStopping || this.now() < this.pausedUntil) {
      return;
    }
    const { name, holder, ttlMs } = this.config;
    const sentAt = this.now();
    let claim;
    try {
      claim = await this.leases.acquire(name, holder, ttlMs);
    } catch (err) {
      this.log.warn('lease renewal failed; retrying', { err, isLeader: this.isLeader() });
      return;
    }
    if (!claim.isHeld) {
      if (this.fence !== null) {
        this.log.warn('lease taken over by another instance; stopping leader duties', {
          lease: name,
          holder: claim.current?.holder,
        });
        await this.resign('taken over');
      }
      return;
    }
    const { token } = claim.lease;
    if (this.fence !== null && this.fence.token !== token) {
      await this.resign('tenure lapsed');
    }
    this.validUntil = sentAt + ttlMs;
    this.armWatchdog();
    if (this.fence === null) {
      const fence = { name, holder, token };
      this.fence = fence;
      this.log.info('lease acquired; leading', { lease: name, token: token.toString() });
      try {
        await this.duties.start(fence);
      } catch (err) {
        this.log.error('leader duties failed to start; giving the lease up', { err });
        await this.resign('start failed');
        await this.leases.release(fence).catch(() => undefined);
      }
    }
  }

  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(
      () => {
        void this.serially(async () => {
          if (this.fence !== null && this.now() >= this.validUntil) {
            this.log.warn('lease ran out before it was renewed; stopping leader duties', {
              lease: this.config.name,
            });
            await this.resign('expired');
          }
        });
      },
      Math.max(0, this.validUntil - this.now()),
    );
  }

  private async resign(reason: string): Promise<void> {
    clearTimeout(this.watchdog);
    if (this.fence === null) {
      return;
    }
    const token = this.fence.token.toString();
    this.fence = null;
    try {
      await this.duties.stop();
    } catch (err) {
      this.log.error('leader duties failed to stop', { err });
    }
    this.log.info('leader duties stopped', { lease: this.config.name, token, reason });
  }
}
