import type { ServiceHealth } from '../../observability';
import { HEALTH_CONTRACT_KEYS, type HealthBody } from '../dto/health.dto';

type HealthContracts = HealthBody['contracts'];

/**
 * /health in the shape the original backend's README documents: contract states as strings,
 * `successRate` as "95.8%", `avgProcessingTime` as "2.3s". Unknown values are left out, never
 * `null`; the numbers behind them are in GET /stats (`queuePerformance`) and GET /contracts.
 */
export function toHealthBody(health: ServiceHealth, now: Date): HealthBody {
  const performance = health.performance;
  const contracts = Object.fromEntries(
    Object.entries(HEALTH_CONTRACT_KEYS).map(([key, name]) => [key, health.contracts[name]]),
  ) as HealthContracts;
  return {
    status: health.status,
    uptime: health.uptimeSeconds,
    timestamp: now.toISOString(),
    contracts,
    ...(performance !== null && {
      performance: {
        totalJobs: performance.totalJobs,
        ...(performance.successRate !== null && {
          successRate: `${performance.successRate.toFixed(1)}%`,
        }),
        ...(performance.avgProcessingSeconds !== null && {
          avgProcessingTime: `${performance.avgProcessingSeconds.toFixed(1)}s`,
        }),
      },
    }),
  };
}
