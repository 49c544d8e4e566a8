import type { ServiceHealth } from '../../observability';
import type { HealthBody } from '../dto/health.dto';

export function toHealthBody(health: ServiceHealth, now: Date): HealthBody {
  const performance = health.performance;
  const contracts = health.contracts;
  return {
    status: health.status,
    uptime: health.uptimeSeconds,
    timestamp: now.toISOString(),
    contracts:
      contracts === null
        ? null
        : (Object.fromEntries(
            Object.entries(contracts).map(([name, c]) => [
              name,
              {
                address: c.address,
                pallet: c.pallet,
                lastEventBlock: c.lastEventBlock === null ? null : c.lastEventBlock.toString(),
              },
            ]),
          ) as NonNullable<HealthBody['contracts']>),
    performance:
      performance === null
        ? null
        : {
            totalJobs: performance.totalJobs,
            completedJobs: performance.completedJobs,
            cancelledJobs: performance.cancelledJobs,
            successRate: performance.successRate,
            avgProcessingTime: performance.avgProcessingBlocks,
            avgProcessingTimeUnit: 'blocks',
            sampledJobs: performance.sampledJobs,
          },
  };
}
