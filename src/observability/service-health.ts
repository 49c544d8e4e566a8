import { CONTRACT_NAMES, type ContractName } from '../contracts';
import type { Clock, Logger } from '../shared';
import type { ChainSnapshot, ChainSnapshotReader } from './chain-snapshot';
import type { ContractHealth, ContractProbe } from './contract-probe';
import type { JobPerformance, JobPerformanceQuery } from './job-performance';
import { assessReadiness, type Readiness } from './readiness';

export type HealthStatus = 'ok' | 'degraded' | 'down';

export interface ServiceHealth {
  readonly status: HealthStatus;
  readonly uptimeSeconds: number;
  readonly readiness: Readiness;
  readonly snapshot: ChainSnapshot;
  /** From the contract probe's dry runs; all `unknown` while no RPC endpoint is trusted. */
  readonly contracts: Readonly<Record<ContractName, ContractHealth>>;
  /** Null when the database is unreachable. */
  readonly performance: JobPerformance | null;
}

export interface ServiceHealthConfig {
  readonly maxLagBlocks: number;
  readonly startedAt: Date;
}

/**
 * `down`: the database is unreachable or no RPC endpoint is trusted. `degraded`: otherwise not
 * ready (lag, no cursor yet) or some endpoint is untrusted. `ok`: everything else.
 */
export function healthStatus(snapshot: ChainSnapshot, readiness: Readiness): HealthStatus {
  const isDown = readiness.reasons.some(
    (r) => r.code === 'DATABASE_UNREACHABLE' || r.code === 'NO_TRUSTED_ENDPOINT',
  );
  if (isDown) {
    return 'down';
  }
  if (!readiness.isReady || snapshot.endpoints.some((e) => !e.isTrusted)) {
    return 'degraded';
  }
  return 'ok';
}

/** The service's health from stored data, the chain client's view and the contract probe; never throws. */
export class ServiceHealthQuery {
  constructor(
    private readonly snapshots: ChainSnapshotReader,
    private readonly probe: Pick<ContractProbe, 'probeAll'>,
    private readonly performance: JobPerformanceQuery,
    private readonly clock: Clock,
    private readonly config: ServiceHealthConfig,
    private readonly log: Logger,
  ) {}

  async read(): Promise<ServiceHealth> {
    const snapshot = await this.snapshots.read();
    const readiness = assessReadiness(snapshot, this.config.maxLagBlocks);
    const canAskChain = snapshot.endpoints.some((e) => e.isTrusted);
    const [contracts, performance] = await Promise.all([
      canAskChain ? this.probeContracts() : allUnknown(),
      snapshot.database.isReachable ? this.readPerformance() : null,
    ]);
    const uptimeMs = this.clock.now().getTime() - this.config.startedAt.getTime();
    return {
      status: healthStatus(snapshot, readiness),
      uptimeSeconds: Math.max(0, Math.floor(uptimeMs / 1000)),
      readiness,
      snapshot,
      contracts,
      performance,
    };
  }

  private async probeContracts(): Promise<Record<ContractName, ContractHealth>> {
    const states = await this.probe.probeAll();
    const health = allUnknown();
    for (const state of states) {
      health[state.name] = state.health;
    }
    return health;
  }

  private async readPerformance(): Promise<JobPerformance | null> {
    try {
      return await this.performance.read();
    } catch (err) {
      this.log.warn('health: stored data unreadable', { err });
      return null;
    }
  }
}

function allUnknown(): Record<ContractName, ContractHealth> {
  return Object.fromEntries(CONTRACT_NAMES.map((name) => [name, 'unknown'])) as Record<
    ContractName,
    ContractHealth
  >;
}
