import { defaultContractAddresses } from '../../devnet/devnet';
import { ChainFollower, type ChainFollowerConfig } from '../../src/chain/follower/chain-follower';
import { NOOP_LOGGER } from '../../src/shared';
import { PolkadotChainClient } from '../../src/chain/polkadot/polkadot-chain-client';
import type { BlockProjector } from '../../src/chain/follower/block-projector';
import { migrateToLatest, SqlStorage, type Database, type DialectName } from '../../src/storage';
import { createTestDatabase, type TestDatabase } from './databases';

export interface FollowerHarness {
  client: PolkadotChainClient;
  storage: SqlStorage;
  follower: ChainFollower;
  close(): Promise<void>;
}

export function chainClientFor(urls: string[]): PolkadotChainClient {
  return new PolkadotChainClient({
    endpoints: urls,
    expectedBlockTimeMs: 200,
    stallBlocks: 25,
    maxFinalityLagBlocks: 1000,
    reconnect: { minMs: 50, maxMs: 500 },
    contracts: defaultContractAddresses(),
  });
}

export async function openTestStorage(
  dialect: DialectName,
): Promise<{ db: TestDatabase; database: Database; storage: SqlStorage }> {
  const db = await createTestDatabase(dialect);
  const database = await db.open();
  await migrateToLatest(database);
  return { db, database, storage: new SqlStorage(database) };
}

export const FOLLOWER_DEFAULTS: ChainFollowerConfig = {
  startBlock: 0n,
  batchSize: 32,
  followBest: true,
  maxTentativeDepth: 64,
  retryDelayMs: 100,
};

export async function startFollower(
  urls: string[],
  storage: SqlStorage,
  config: Partial<ChainFollowerConfig> = {},
  projector: BlockProjector | null = null,
): Promise<{ client: PolkadotChainClient; follower: ChainFollower; stop(): Promise<void> }> {
  const client = chainClientFor(urls);
  await client.start();
  const follower = new ChainFollower(
    client,
    storage,
    projector,
    { ...FOLLOWER_DEFAULTS, ...config },
    NOOP_LOGGER,
  );
  await follower.start();
  return {
    client,
    follower,
    stop: async () => {
      await follower.stop();
      await client.stop();
    },
  };
}
