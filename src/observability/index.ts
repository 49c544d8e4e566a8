export {
  ChainSnapshotReader,
  type ChainSnapshot,
  type ChainSnapshotConfig,
} from './chain-snapshot';
export {
  ContractProbe,
  PROBE_GETTERS,
  type ContractProbeConfig,
  type ContractState,
} from './contract-probe';
export {
  JobPerformanceQuery,
  meanProcessingBlocks,
  type JobPerformance,
  type JobPerformanceLimits,
} from './job-performance';
export type { ChainView, ServiceStore } from './ports';
export {
  ReadinessQuery,
  assessReadiness,
  type Readiness,
  type ReadinessReason,
  type ReadinessReasonCode,
} from './readiness';
export { redactEndpoint } from './redact-endpoint';
export {
  ServiceHealthQuery,
  healthStatus,
  type ContractActivity,
  type HealthStatus,
  type ServiceHealth,
  type ServiceHealthConfig,
} from './service-health';
export { ServiceMetrics } from './service-metrics';
export { ServiceStatusQuery, type ServiceStatus, type StoredCounts } from './service-status';
