import type { AppConfig } from '../config';
import type { ChainClient } from '../chain';
import { ChainFollower, type BlockProjector, type FollowerProgress } from '../chain/follower';
import { Leadership, type LeaderDuties, type LeaseFence } from '../leadership';
import { runningHealth, type LongRunning, type Logger, type PartHealth } from '../shared';
import { FencedSqlStorage, SqlLeaseRepository, type Database } from '../storage';
import { followerConfig, followerLeaseConfig } from './config-slices';

/** The lease whose holder follows the chain (and runs the other single-instance work). */
export const FOLLOWER_LEASE = 'chain-follower';

export interface FollowerPartOptions {
  readonly config: Pick<AppConfig, 'chain' | 'follower' | 'operations'>;
  readonly database: Database;
  readonly client: ChainClient;
  readonly projector: BlockProjector | null;
  readonly log: Logger;
  readonly onProgress?: (progress: FollowerProgress) => void;
}

/**
 * The leadership of the chain follower as a part. Several instances may share one database: only
 * the holder of the `chain-follower` lease follows the chain, into storage fenced by its lease
 * tenure; the others stand by and take over when its lease expires. Stopping releases the lease,
 * so a standby takes over at once.
 */
export class FollowerPart implements LongRunning {
  readonly name = 'chain-follower';
  readonly leadership: Leadership;
  private isRunning = false;

  constructor(options: FollowerPartOptions) {
    const { config, database, client, projector, log } = options;
    this.leadership = new Leadership(
      new SqlLeaseRepository(database.db, database.dialect),
      followerDuties(
        (fence) =>
          new ChainFollower(
            client,
            new FencedSqlStorage(database, fence),
            projector,
            followerConfig(config),
            log.child('chain:follower', { token: fence.token.toString() }),
            options.onProgress,
            (err) => {
              log.error('follower stopped for good; giving the lease to another instance', {
                err,
              });
              void this.leadership.abdicate('the follower stopped for good');
            },
          ),
      ),
      followerLeaseConfig(config, FOLLOWER_LEASE),
      log.child('leadership', { instanceId: config.operations.instanceId }),
    );
  }

  /** Whether this instance holds the follower lease now (the MEV batcher runs only then). */
  isLeader(): boolean {
    return this.leadership.isLeader();
  }

  start(): Promise<void> {
    this.leadership.start();
    this.isRunning = true;
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.isRunning = false;
    await this.leadership.stop();
  }

  /** A standby is healthy too; the follower's lag is its own /ready reason (FINALITY_LAG). */
  health(): PartHealth {
    return runningHealth(this.isRunning);
  }
}

/** One ChainFollower per lease tenure, over storage fenced by that tenure. */
function followerDuties(makeFollower: (fence: LeaseFence) => ChainFollower): LeaderDuties {
  let follower: ChainFollower | null = null;
  return {
    async start(fence) {
      follower = makeFollower(fence);
      await follower.start();
    },
    async stop() {
      const stopping = follower;
      follower = null;
      await stopping?.stop();
    },
  };
}
