import type { OperationsFiguresReader } from '../../observability';
import type { Clock, Logger } from '../../shared';
import type { LeaderBody } from '../bodies/status-body';

/** The lease whose holder follows the chain (src/runtime/follower-part.ts FOLLOWER_LEASE). */
const FOLLOWER_LEASE = 'chain-follower';

/** /status `leader`: who holds the chain-follower lease; null when unknown. Never throws. */
export class LeaderQuery {
  constructor(
    private readonly figures: Pick<OperationsFiguresReader, 'leaseHolder'> | null,
    private readonly instanceId: string | null,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async read(): Promise<LeaderBody> {
    if (this.figures === null) {
      return null;
    }
    try {
      const lease = await this.figures.leaseHolder(FOLLOWER_LEASE);
      return lease === null
        ? null
        : {
            instanceId: lease.holder,
            expiresAt: lease.expiresAt.toISOString(),
            isExpired: lease.expiresAt.getTime() < this.clock.now().getTime(),
            isThisInstance: this.instanceId === null ? null : this.instanceId === lease.holder,
          };
    } catch (err) {
      this.log.warn('lease holder unavailable', { err });
      return null;
    }
  }
}
