import type { Provider } from '@nestjs/common';
import {
  SignerBalanceReader,
  type JobPerformanceQuery,
  type ServiceMetricsOptions,
  type ServiceStatusQuery,
  type SignerBalanceCheck,
} from '../observability';
import type { Clock } from '../shared';
import { API_DEFAULTS, type ApiConfig, type ApiDependencies } from './api-options';
import { JobResultQuery } from './queries/job-result-query';
import { ServiceStatsQuery } from './queries/service-stats-query';

export interface JobViews {
  readonly providers: Provider[];
  /** For ReadinessQuery; null when no signer is configured. */
  readonly signerCheck: SignerBalanceCheck | null;
  /** For ServiceMetrics. */
  readonly metrics: ServiceMetricsOptions;
}

/** The job engine's read views (result, stats), the metrics' sources and the signer balance check. */
export function jobViews(
  deps: ApiDependencies,
  config: ApiConfig,
  status: ServiceStatusQuery,
  performance: JobPerformanceQuery,
  clock: Clock,
): JobViews {
  const work = deps.jobs?.work ?? null;
  const signers = deps.jobs?.signers ?? [];
  const balances =
    signers.length === 0
      ? null
      : new SignerBalanceReader(
          deps.chain,
          signers,
          {
            timeoutMs: config.chainTimeoutMs,
            // readiness probes and scrapes share one read
            cacheMs: config.signerBalanceCacheMs ?? API_DEFAULTS.signerBalanceCacheMs,
          },
          clock,
          deps.log.child('api:balances'),
        );
  const actions = deps.store.actions ?? null;
  const totals = deps.totals ?? null;
  return {
    providers: [
      {
        provide: JobResultQuery,
        useValue: new JobResultQuery(
          deps.jobs ? { work: deps.jobs.work, contents: deps.jobs.contents } : null,
        ),
      },
      {
        provide: ServiceStatsQuery,
        useValue: new ServiceStatsQuery(
          { status, work, actions, totals, performance, figures: deps.figures ?? null },
          clock,
        ),
      },
    ],
    signerCheck:
      balances === null
        ? null
        : { reader: balances, minPlanck: config.signerMinBalancePlanck ?? 0n },
    metrics: { work, actions, totals, balances, clock, log: deps.log.child('api:metrics') },
  };
}
