/**
 * Each component's slice of the app config, as the plain object it takes: the only place the
 * runtime turns AppConfig into component options (every tuning number comes from the config).
 */
import type { AppConfig } from '../config';
import type { ChainClientConfig } from '../chain';
import type { ChainFollowerConfig } from '../chain/follower';
import type { TxManagerConfig } from '../chain/tx';
import type { ExecutorSandboxOptions } from '../executors';
import type { LeadershipConfig } from '../leadership';

export function chainClientConfig(
  config: Pick<AppConfig, 'chain'>,
  endpoints: readonly string[],
  expectedBlockTimeMs: number,
): ChainClientConfig {
  const { client } = config.chain;
  return {
    endpoints,
    expectedBlockTimeMs,
    stallBlocks: client.stallBlocks,
    maxFinalityLagBlocks: client.maxFinalityLagBlocks,
    reconnect: client.reconnect,
    contracts: config.chain.contracts,
  };
}

export function followerConfig(config: Pick<AppConfig, 'chain' | 'follower'>): ChainFollowerConfig {
  return {
    startBlock: config.chain.startBlock,
    batchSize: config.follower.batchSize,
    followBest: true,
    maxTentativeDepth: config.follower.maxTentativeDepth,
    retryDelayMs: config.follower.retryDelayMs,
  };
}

/** The follower lease: the holder renews every third of LEASE_TTL_MS. */
export function followerLeaseConfig(
  config: Pick<AppConfig, 'operations'>,
  name: string,
): LeadershipConfig {
  const { instanceId, leaseTtlMs } = config.operations;
  return {
    name,
    holder: instanceId,
    ttlMs: leaseTtlMs,
    renewEveryMs: Math.max(1, Math.floor(leaseTtlMs / 3)),
  };
}

export function txManagerConfig(config: Pick<AppConfig, 'tx' | 'health'>): TxManagerConfig {
  return { ...config.tx, health: config.health };
}

export function sandboxOptions(
  config: Pick<AppConfig, 'jobs'>,
): Omit<ExecutorSandboxOptions, 'logger' | 'childModule'> {
  return {
    timeoutMs: config.jobs.timeoutMs,
    memoryLimitMb: config.jobs.memoryLimitMb,
    reuseChildren: true,
    maxJobsPerChild: config.jobs.sandbox.maxJobsPerChild,
    idleChildTtlMs: config.jobs.sandbox.idleChildTtlMs,
  };
}
