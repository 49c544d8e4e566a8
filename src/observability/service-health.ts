import type { Logger } from '../chain/logger';
import {
  CONTRACT_NAMES,
  CONTRACT_PALLET,
  type ContractName,
  type ContractPallet,
} from '../contracts';
import type { Clock } from '../shared';
import type { ChainSnapshot, ChainSnapshotReader } from './chain-snapshot';
import type { JobPerformance, JobPerformanceQuery } from './job-performance';
import type { ServiceStore } from './ports';
import { assessReadiness, type Readiness } from './readiness';

export type HealthStatus = 'ok' | 'degraded' | 'down';

export interface ContractActivity {
  readonly address: string;
  readonly pallet: ContractPallet;
  /** Block of the newest stored event of the contract; null when none is stored. */
  readonly lastEventBlock: bigint | null;
}

export interface ServiceHealth {
  readonly status: HealthStatus;
  readonly uptimeSeconds: number;
  readonly readiness: Readiness;
  readonly snapshot: ChainSnapshot;
  /** Null when the database is unreachable. */
  readonly contracts: Readonly<Record<ContractName, ContractActivity>> | null;
  readonly performance: JobPerformance | null;
}

export interface ServiceHealthConfig {
  readonly contracts: Readonly<Record<ContractName, string>>;
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

/** The service's health from stored data and the chain client's view; never throws. */
export class ServiceHealthQuery {
  constructor(
    private readonly snapshots: ChainSnapshotReader,
    private readonly store: ServiceStore,
    private readonly performance: JobPerformanceQuery,
    private readonly clock: Clock,
    private readonly config: ServiceHealthConfig,
    private readonly log: Logger,
  ) {}

  async read(): Promise<ServiceHealth> {
    const snapshot = await this.snapshots.read();
    const readiness = assessReadiness(snapshot, this.config.maxLagBlocks);
    const stored = snapshot.database.isReachable ? await this.readStored() : null;
    const uptimeMs = this.clock.now().getTime() - this.config.startedAt.getTime();
    return {
      status: healthStatus(snapshot, readiness),
      uptimeSeconds: Math.max(0, Math.floor(uptimeMs / 1000)),
      readiness,
      snapshot,
      contracts: stored?.contracts ?? null,
      performance: stored?.performance ?? null,
    };
  }

  private async readStored(): Promise<Pick<ServiceHealth, 'contracts' | 'performance'> | null> {
    try {
      const [activity, performance] = await Promise.all([
        Promise.all(CONTRACT_NAMES.map((name) => this.activity(name))),
        this.performance.read(),
      ]);
      const contracts = Object.fromEntries(activity) as Record<ContractName, ContractActivity>;
      return { contracts, performance };
    } catch (err) {
      this.log.warn('health: stored data unreadable', { err });
      return null;
    }
  }

  private async activity(name: ContractName): Promise<[ContractName, ContractActivity]> {
    const page = await this.store.events.listRecent({ contract: name, limit: 1 });
    return [
      name,
      {
        address: this.config.contracts[name].toLowerCase(),
        pallet: CONTRACT_PALLET[name],
        lastEventBlock: page.items[0]?.block.number ?? null,
      },
    ];
  }
}
