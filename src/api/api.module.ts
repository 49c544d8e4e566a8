import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { ZodSerializerInterceptor } from 'nestjs-zod';
import type { ApiConfig } from './api-options';
import type { ApiServices } from './api-services';
import { ScopeGuard } from './auth/require-scopes';
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
import { SettlementController } from './controllers/settlement.controller';
import { PrivateAccessController } from './controllers/private-access.controller';
import { ProviderFitController } from './controllers/provider-fit.controller';
import { OperationsController } from './controllers/operations.controller';
import { ErrorFilter } from './error.filter';
import { RATE_LIMIT_WINDOW_MS, RouteAwareThrottlerGuard } from './route-throttle';

/**
 * The HTTP API over a running service. It receives finished services (`buildApiServices`) and
 * registers them as values: Nest wires controllers, guards, the interceptor and the error filter,
 * and builds no service itself.
 */
@Module({})
export class ApiModule {
  static forRuntime(services: ApiServices, config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        LoggerModule.forRoot(services.httpLogger),
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'default', ttl: RATE_LIMIT_WINDOW_MS, limit: config.rateLimitPerMinute },
          ],
          storage: services.throttlerStorage,
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
        ...services.providers,
        ScopeGuard,
        { provide: APP_GUARD, useClass: RouteAwareThrottlerGuard },
        { provide: APP_INTERCEPTOR, useClass: ZodSerializerInterceptor },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
