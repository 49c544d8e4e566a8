import type { AppConfig } from '../config';
import { ChainFollower, type FollowerProgress } from '../chain/follower/chain-follower';
import type { BlockProjector } from '../chain/follower/block-projector';
import type { Logger } from '../chain/logger';
import { PolkadotChainClient } from '../chain/polkadot/polkadot-chain-client';
import { migrateToLatest, openDatabase, SqlStorage, type Database } from '../storage';

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
 * chain client, chain follower. The HTTP API and the job engine attach to this later.
 */
export class ServiceRuntime {
  private constructor(
    readonly database: Database,
    readonly storage: SqlStorage,
    readonly client: PolkadotChainClient,
    readonly follower: ChainFollower,
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
      const follower = new ChainFollower(
        client,
        storage,
        options.makeProjector?.(client) ?? null,
        {
          startBlock: config.chain.startBlock,
          batchSize: 32,
          followBest: true,
          maxTentativeDepth: 64,
          retryDelayMs: 2_000,
        },
        log.child('chain:follower'),
        options.onProgress,
        (err) => log.error('follower stopped for good', { err }),
      );
      await follower.start();
      log.info('service started', { endpoints: options.endpoints });
      return new ServiceRuntime(database, storage, client, follower, log);
    } catch (err) {
      await database.close();
      throw err;
    }
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    await this.client.stop();
    await this.database.close();
    this.log.info('service stopped');
  }
}
