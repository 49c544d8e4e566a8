import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { ZodSerializerInterceptor } from 'nestjs-zod';
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
import { SYSTEM_CLOCK, type Clock } from '../shared';
import { API_DEFAULTS, type ApiConfig, type ApiDependencies } from './api-options';
import { EventsController } from './controllers/events.controller';
import { FrontendController } from './controllers/frontend.controller';
import { HealthController } from './controllers/health.controller';
import { JobsController } from './controllers/jobs.controller';
import { MetricsController } from './controllers/metrics.controller';
import { NotificationsController } from './controllers/notifications.controller';
import { StatusController } from './controllers/status.controller';
import { ContentController } from './controllers/content.controller';
import { OperatorController } from './controllers/operator.controller';
import { ProviderController } from './controllers/provider.controller';
import { API_SETTLEMENT_CALLS, SettlementController } from './controllers/settlement.controller';
import { writeApiProviders } from './auth/write-api-providers';
import { privateJobProviders } from './auth/private-job-providers';
import { PrivateAccessController } from './controllers/private-access.controller';
import { ProviderFitController } from './controllers/provider-fit.controller';
import { OperationsController } from './controllers/operations.controller';
import { LeaderQuery } from './queries/leader-query';
import { OperationsQuery } from './queries/operations-query';
import { ProviderFitQuery, registryMinStakeSource } from '../providers';
import { ErrorFilter } from './error.filter';
import { httpLoggerOptions } from './http-logger-options';
import { ChainEventListing } from './queries/chain-event-listing';
import { jobViews } from './job-view-providers';
import { resourceProviders } from './resource-providers';
import { API_CLOCK } from './tokens';
import { RATE_LIMIT_WINDOW_MS, RouteAwareThrottlerGuard } from './route-throttle';
import { WindowThrottlerStorage } from './window-throttler-storage';

/** The HTTP API over a running service: everything it reads comes in through `deps`. */
@Module({})
export class ApiModule {
  static forRuntime(deps: ApiDependencies, config: ApiConfig): DynamicModule {
    const clock = deps.clock ?? SYSTEM_CLOCK;
    const startedAt = clock.now();
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

    return {
      module: ApiModule,
      imports: [
        LoggerModule.forRoot(httpLoggerOptions(config, deps)),
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'default', ttl: RATE_LIMIT_WINDOW_MS, limit: config.rateLimitPerMinute },
          ],
          storage: new WindowThrottlerStorage(),
        }),
      ],
      controllers: [
        HealthController,
        StatusController,
        EventsController,
        MetricsController,
        JobsController,
        FrontendController,
        NotificationsController,
        ContentController,
        OperatorController,
        ProviderController,
        SettlementController,
        ProviderFitController,
        PrivateAccessController,
        OperationsController,
      ],
      providers: [
        { provide: API_CLOCK, useValue: clock satisfies Clock },
        { provide: ServiceStatusQuery, useValue: status },
        {
          provide: ReadinessQuery,
          useValue: new ReadinessQuery(
            snapshots,
            config.maxLagBlocks,
            deps.draining,
            views.signerCheck,
            deps.parts,
          ),
        },
        {
          provide: ServiceHealthQuery,
          useValue: new ServiceHealthQuery(
            snapshots,
            probe,
            performance,
            clock,
            { maxLagBlocks: config.maxLagBlocks, startedAt },
            deps.log.child('api:health'),
          ),
        },
        { provide: ContractProbe, useValue: probe },
        {
          provide: ContractActivityQuery,
          useValue: new ContractActivityQuery(deps.store, deps.log.child('api:contracts')),
        },
        { provide: ChainEventListing, useValue: new ChainEventListing(deps.store.events) },
        { provide: ServiceMetrics, useValue: new ServiceMetrics(status, views.metrics) },
        ...views.providers,
        {
          provide: ProviderFitQuery,
          useValue: new ProviderFitQuery(
            deps.store.projections,
            registryMinStakeSource(deps.chain, deps.readOrigin, config.chainTimeoutMs),
          ),
        },
        ...resourceProviders(deps, config),
        {
          provide: OperationsQuery,
          useValue: new OperationsQuery(
            {
              figures: deps.figures ?? null,
              totals: deps.totals ?? null,
              signers: views.signerCheck,
              quarantine: deps.store.quarantine,
            },
            clock,
          ),
        },
        {
          provide: LeaderQuery,
          useValue: new LeaderQuery(
            deps.figures ?? null,
            deps.instanceId ?? null,
            clock,
            deps.log.child('api:leader'),
          ),
        },
        ...writeApiProviders(deps, config),
        ...privateJobProviders(deps),
        { provide: API_SETTLEMENT_CALLS, useValue: deps.jobs?.settlement ?? null },
        { provide: APP_GUARD, useClass: RouteAwareThrottlerGuard },
        { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
