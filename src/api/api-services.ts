import type { Provider } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import {
  ChainSnapshotReader,
  ContractActivityQuery,
  ContractProbe,
  JobPerformanceQuery,
  ReadinessQuery,
  ServiceHealthQuery,
  ServiceMetrics,
  ServiceStatusQuery,
} from '../observability';
import { ProviderFitQuery, registryMinStakeSource } from '../providers';
import { SYSTEM_CLOCK, type Clock } from '../shared';
import { API_DEFAULTS, type ApiConfig, type ApiDependencies } from './api-options';
import { ApiTokenVerifier } from './auth/api-tokens';
import { privateJobProviders } from './auth/private-job-providers';
import { writeApiProviders } from './auth/write-api-providers';
import { API_SETTLEMENT_CALLS } from './controllers/settlement.controller';
import { httpLoggerOptions } from './http-logger-options';
import { jobViews } from './job-view-providers';
import { ChainEventListing } from './queries/chain-event-listing';
import { LeaderQuery } from './queries/leader-query';
import { OperationsQuery } from './queries/operations-query';
import { resourceProviders } from './resource-providers';
import { API_CLOCK, API_STORAGE_OUTAGE } from './tokens';
import { WindowThrottlerStorage } from './window-throttler-storage';

/**
 * Everything the API's controllers, guards and hooks use, finished: built here in plain
 * TypeScript from what the runtime hands in, so that ApiModule only registers values (Nest builds
 * no service of its own, and none of them has a Nest lifecycle hook: ADR 0018).
 */
export interface ApiServices {
  /** Value providers: each DI token with its finished service. */
  readonly providers: readonly Provider[];
  /** The fixed-window counters the rate limit shares with the pre-body guard. */
  readonly throttlerStorage: WindowThrottlerStorage;
  /** The request-line logger's options (the service's one pino root). */
  readonly httpLogger: Params;
  /** Verifies bearer tokens; null without JWT_SECRET. */
  readonly tokens: ApiTokenVerifier | null;
}

export function buildApiServices(deps: ApiDependencies, config: ApiConfig): ApiServices {
  const clock = deps.clock ?? SYSTEM_CLOCK;
  const startedAt = clock.now();
  const tokens = config.jwtSecret
    ? new ApiTokenVerifier(config.jwtSecret, () => clock.now())
    : null;
  const snapshots = new ChainSnapshotReader(
    deps.store,
    deps.chain,
    { chainTimeoutMs: config.chainTimeoutMs },
    deps.log.child('api:snapshot'),
  );
  const status = new ServiceStatusQuery(snapshots, deps.store, config.chainName ?? null);
  const probe = new ContractProbe(
    deps.chain,
    {
      contracts: deps.contracts,
      readOrigin: deps.readOrigin,
      timeoutMs: config.chainTimeoutMs,
      cacheMs: config.cacheTtlMs ?? 0,
    },
    deps.log.child('api:contracts'),
  );
  const performance = new JobPerformanceQuery(deps.store.events, {
    blockTimeMs: config.blockTimeMs ?? API_DEFAULTS.blockTimeMs,
  });
  const views = jobViews(deps, config, status, performance, clock);
  const readiness = new ReadinessQuery(
    snapshots,
    config.maxLagBlocks,
    deps.draining,
    views.signerCheck,
    deps.parts,
  );
  const health = new ServiceHealthQuery(
    snapshots,
    probe,
    performance,
    clock,
    { maxLagBlocks: config.maxLagBlocks, startedAt },
    deps.log.child('api:health'),
  );
  const operations = new OperationsQuery(
    {
      figures: deps.figures ?? null,
      totals: deps.totals ?? null,
      signers: views.signerCheck,
      quarantine: deps.store.quarantine,
    },
    clock,
  );
  const leader = new LeaderQuery(
    deps.figures ?? null,
    deps.instanceId ?? null,
    clock,
    deps.log.child('api:leader'),
  );
  const fit = new ProviderFitQuery(
    deps.store.projections,
    registryMinStakeSource(deps.chain, deps.readOrigin, config.chainTimeoutMs),
  );
  return {
    providers: [
      { provide: API_CLOCK, useValue: clock satisfies Clock },
      { provide: API_STORAGE_OUTAGE, useValue: deps.isStorageOutage ?? noStorageOutage },
      { provide: ServiceStatusQuery, useValue: status },
      { provide: ReadinessQuery, useValue: readiness },
      { provide: ServiceHealthQuery, useValue: health },
      { provide: ContractProbe, useValue: probe },
      {
        provide: ContractActivityQuery,
        useValue: new ContractActivityQuery(deps.store, deps.log.child('api:contracts')),
      },
      { provide: ChainEventListing, useValue: new ChainEventListing(deps.store.events) },
      { provide: ServiceMetrics, useValue: new ServiceMetrics(status, views.metrics) },
      ...views.providers,
      { provide: ProviderFitQuery, useValue: fit },
      ...resourceProviders(deps, config),
      { provide: OperationsQuery, useValue: operations },
      { provide: LeaderQuery, useValue: leader },
      ...writeApiProviders(deps, tokens),
      ...privateJobProviders(deps, tokens),
      { provide: API_SETTLEMENT_CALLS, useValue: deps.jobs?.settlement ?? null },
    ],
    throttlerStorage: new WindowThrottlerStorage(),
    httpLogger: httpLoggerOptions(config, deps),
    tokens,
  };
}

const noStorageOutage = (): boolean => false;
