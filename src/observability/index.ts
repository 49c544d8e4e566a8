export {
  ChainSnapshotReader,
  type ChainSnapshot,
  type ChainSnapshotConfig,
} from './chain-snapshot';
export { ContractActivityQuery, type ContractActivity } from './contract-activity';
export {
  ContractProbe,
  PROBE_GETTERS,
  type ContractHealth,
  type ContractProbeConfig,
  type ContractState,
} from './contract-probe';
export {
  JobPerformanceQuery,
  meanProcessingBlocks,
  type JobPerformance,
  type JobPerformanceLimits,
  type JobPerformanceTiming,
} from './job-performance';
export { registerJobMetrics, type JobMetricSources } from './job-metrics';
export { ScrapeMemo } from './scrape-memo';
export {
  ESCROW_STATES,
  type ChainView,
  type EscrowState,
  type ProjectionTotals,
  type ProjectionTotalsReader,
  type ServiceStore,
} from './ports';
export {
  ReadinessQuery,
  assessReadiness,
  lowBalanceReasons,
  partReasons,
  type Readiness,
  type ReadinessReason,
  type ReadinessReasonCode,
  type SignerBalanceCheck,
} from './readiness';
export { redactEndpoint } from './redact-endpoint';
export {
  ServiceHealthQuery,
  healthStatus,
  type HealthStatus,
  type ServiceHealth,
  type ServiceHealthConfig,
} from './service-health';
export { ServiceMetrics, lagSeconds, type ServiceMetricsOptions } from './service-metrics';
export { ServiceStatusQuery, type ServiceStatus, type StoredCounts } from './service-status';
export {
  SignerBalanceReader,
  type SignerBalance,
  type SignerBalanceConfig,
  type SignerRef,
} from './signer-balances';
export { SnapshotHistogram, type HistogramSeries } from './snapshot-histogram';
export {
  PIPELINE_STAGES,
  pipelineMinutes,
  type FlaggedEscrow,
  type LeaseHolder,
  type OperationsFiguresReader,
  type PipelineMinute,
  type PipelineSample,
  type PipelineStage,
  type SettledTotal,
} from './operations-figures';
export {
  WORK_SPANS,
  type BucketCounts,
  type ChainActionTimingBounds,
  type ChainActionTimings,
  type ChainActionTimingsReader,
  type WorkSpan,
  type WorkTimingsReader,
} from './timing-histograms';
