import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { buildApiServices } from './api-services';
import { NotificationFeed } from './queries/notification-feed';
import { DEFAULT_MAX_UPLOAD_BYTES, registerContentUploads } from './controllers/content.controller';
import { API_DEFAULTS, type ApiConfig, type ApiDependencies } from './api-options';
import {
  DEFAULT_CONNECTION_LIMITS,
  guardConnections,
  serverTimeoutOptions,
} from './connection-limits';
import { NestLogFilter } from './nest-log-filter';
import { buildOpenApiDocument, serveOpenApi } from './openapi';
import { OWNER_SIGNATURE_HEADER } from './auth/owner-signature-header';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id';
import { guardBeforeBody } from './auth/pre-body-guard';
import { RouteThrottle } from './route-throttle';
import { serveJobReadDirectly } from './direct-job-read';
import { PRIVATE_JOB_ACCESS, type PrivateJobAccess } from './auth/private-job-access';
import { JobsQuery } from './queries/jobs-query';
import { API_STORAGE_OUTAGE } from './tokens';

/** Every method a route of this API answers (PATCH: /provider). */
const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'OPTIONS'];
/** Headers a browser may send: the bearer token, a JSON or upload body, a request id, SSE resume. */
const CORS_REQUEST_HEADERS = [
  'Authorization',
  'Content-Type',
  REQUEST_ID_HEADER,
  'Last-Event-ID',
  OWNER_SIGNATURE_HEADER,
];
import { locateDashboardBundle, registerDashboard } from './dashboard-assets';

export interface ApiServer {
  readonly app: NestFastifyApplication;
  /** e.g. `http://127.0.0.1:3000` */
  readonly url: string;
  /**
   * Ends the SSE streams, lets in-flight requests finish, closes the app. Idempotent. After
   * `drainMs` (default: no bound) the connections of requests still in flight are closed: one
   * waiting on a chain endpoint that stopped answering must not hold the stop.
   */
  close(drainMs?: number): Promise<void>;
}

/**
 * Nest's own lifecycle hooks are not used (ADR 0018): the runtime starts and stops the API as one
 * of its parts. Open notification streams never end on their own, so they are ended here first,
 * then the app closes (Fastify stops accepting and waits for requests in flight).
 */
export async function closeApp(app: NestFastifyApplication): Promise<void> {
  app.get(NotificationFeed).closeAll();
  await app.close();
}

/** Builds the Nest app on Fastify (not listening): CORS, validation, errors, logs, OpenAPI. */
export async function createApiApp(
  deps: ApiDependencies,
  config: ApiConfig,
): Promise<NestFastifyApplication> {
  const services = buildApiServices(deps, config);
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRuntime(services, config),
    new FastifyAdapter({
      ...serverTimeoutOptions(config.connectionLimits ?? DEFAULT_CONNECTION_LIMITS),
      bodyLimit: config.bodyLimitBytes ?? API_DEFAULTS.bodyLimitBytes,
      genReqId: (req: { headers: IncomingHttpHeaders }) => requestIdFor(req),
      requestIdHeader: false,
    }),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(new NestLogFilter(app.get(Logger), config.logLevel === 'debug'));
  const fastify = app.getHttpAdapter().getInstance();
  const throttle = new RouteThrottle(services.throttlerStorage, config.rateLimitPerMinute);
  guardBeforeBody(fastify, services.tokens, throttle);
  serveJobReadDirectly(fastify, throttle, () => ({
    jobs: app.get(JobsQuery),
    access: app.get<symbol, PrivateJobAccess>(PRIVATE_JOB_ACCESS),
    isStorageOutage: app.get<symbol, (err: unknown) => boolean>(API_STORAGE_OUTAGE),
  }));
  registerContentUploads(fastify, config.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
  registerDashboard(
    fastify,
    config.dashboardDir === undefined ? locateDashboardBundle() : config.dashboardDir,
  );
  fastify.addHook('onRequest', (request, reply, done) => {
    request.raw.id = request.id;
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  app.enableCors({
    origin: [...config.frontendOrigins],
    credentials: true,
    methods: CORS_METHODS,
    allowedHeaders: CORS_REQUEST_HEADERS,
    exposedHeaders: [REQUEST_ID_HEADER, 'Retry-After'],
  });
  // built on the first request for it: scanning every route costs ~0.5 s of CPU at each start
  serveOpenApi(app, () => buildOpenApiDocument(app));
  await app.init();
  return app;
}

/** Creates the app and listens on config.host:config.port (port 0: any free port). */
export async function startApiServer(deps: ApiDependencies, config: ApiConfig): Promise<ApiServer> {
  const app = await createApiApp(deps, config);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await closeApp(app);
    throw err;
  }
  guardConnections(
    app.getHttpServer(),
    (config.connectionLimits ?? DEFAULT_CONNECTION_LIMITS).maxConnections,
    deps.log.child('api:http'),
  );
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    app,
    url: `http://${host}:${address.port}`,
    close: (drainMs = Number.POSITIVE_INFINITY) => {
      closing ??= closeApp(app);
      return Number.isFinite(drainMs) ? closeWithin(app, closing, drainMs) : closing;
    },
  };
}

async function closeWithin(
  app: NestFastifyApplication,
  closing: Promise<void>,
  drainMs: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const drained = new Promise<void>((resolve) => {
    timer = setTimeout(
      () => {
        app.getHttpServer().closeAllConnections();
        resolve();
      },
      Math.max(0, drainMs),
    );
  });
  await Promise.race([closing, drained]).finally(() => clearTimeout(timer));
  await closing;
}
