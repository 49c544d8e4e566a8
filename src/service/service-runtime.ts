import type { AppConfig } from '../config';
import { ChainFollower, type FollowerProgress, type BlockProjector } from '../chain/follower';
import type { Logger } from '../shared';
import { PolkadotChainClient } from '../chain';
import {
  FencedSqlStorage,
  migrateToLatest,
  openDatabase,
  SqlLeaseRepository,
  SqlStorage,
  type Database,
} from '../storage';
import { Leadership, type LeaderDuties, type LeaseFence } from '../leadership';

/** The lease whose holder follows the chain (and runs the other single-instance work). */
export const FOLLOWER_LEASE = 'chain-follower';

export interface ServiceRuntimeOptions {
  config: AppConfig;
  /** RPC endpoints to follow (the configured ones, or the bundled devnet's) */
  endpoints: string[];
  expectedBlockTimeMs: number;
  log: Logger;
  makeProjector?: (client: PolkadotChainClient) => BlockProjector | null;
  onProgress?: (progress: FollowerProgress) => void;
}

/**
 * The service's long-running parts, started in order and stopped in reverse: storage (migrated),
 * chain client, and the leadership of the chain follower. Several instances may share one
 * database: only the holder of the `chain-follower` lease follows the chain, into storage fenced
 * by its lease tenure; the others stand by and take over when its lease expires.
 * The HTTP API and the job engine attach to this later.
 */
export class ServiceRuntime {
  private constructor(
    readonly database: Database,
    readonly storage: SqlStorage,
    readonly client: PolkadotChainClient,
    readonly leadership: Leadership,
    private readonly log: Logger,
  ) {}

  static async start(options: ServiceRuntimeOptions): Promise<ServiceRuntime> {
    const { config, log } = options;
    const database = await openDatabase(config.storage.databaseUrl);
    try {
      const report = await migrateToLatest(database);
      log.info('database ready', {
        dialect: database.dialect,
        migrationsApplied: report.applied.length,
      });
      const storage = new SqlStorage(database);
      const client = new PolkadotChainClient(
        {
          endpoints: options.endpoints,
          expectedBlockTimeMs: options.expectedBlockTimeMs,
          stallBlocks: 10,
          maxFinalityLagBlocks: 20,
          reconnect: { minMs: 250, maxMs: 15_000 },
          contracts: config.chain.contracts,
        },
        { log: log.child('chain:client') },
      );
      await client.start();
      const projector = options.makeProjector?.(client) ?? null;
      const { instanceId, leaseTtlMs } = config.operations;
      const leadership = new Leadership(
        new SqlLeaseRepository(database.db, database.dialect),
        followerDuties((fence) => {
          return new ChainFollower(
            client,
            new FencedSqlStorage(database, fence),
            projector,
            {
              startBlock: config.chain.startBlock,
              batchSize: 32,
              followBest: true,
              maxTentativeDepth: 64,
              retryDelayMs: 2_000,
            },
            log.child('chain:follower', { token: fence.token.toString() }),
            options.onProgress,
            (err) => {
              log.error('follower stopped for good; giving the lease to another instance', { err });
              void leadership.abdicate('the follower stopped for good');
            },
          );
        }),
        {
          name: FOLLOWER_LEASE,
          holder: instanceId,
          ttlMs: leaseTtlMs,
          renewEveryMs: Math.max(1, Math.floor(leaseTtlMs / 3)),
        },
        log.child('leadership', { instanceId }),
      );
      leadership.start();
      log.info('service started', { endpoints: options.endpoints, instanceId });
      return new ServiceRuntime(database, storage, client, leadership, log);
    } catch (err) {
      await database.close();
      throw err;
    }
  }

  /** Whether this instance holds the follower lease now (the MEV batcher runs only then). */
  isLeader(): boolean {
    return this.leadership.isLeader();
  }

  /** Stops following and releases the lease (a standby takes over at once), then closes. */
  async stop(): Promise<void> {
    await this.leadership.stop();
    await this.client.stop();
    await this.database.close();
    this.log.info('service stopped');
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
