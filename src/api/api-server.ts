import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { DEFAULT_MAX_UPLOAD_BYTES, registerContentUploads } from './controllers/content.controller';
import type { ApiConfig, ApiDependencies } from './api-options';
import { NestLogFilter } from './nest-log-filter';
import { buildOpenApiDocument, serveOpenApi } from './openapi';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id';
import { ApiTokenVerifier } from './auth/api-tokens';
import { locateDashboardBundle, registerDashboard } from './dashboard-assets';

export interface ApiServer {
  readonly app: NestFastifyApplication;
  /** e.g. `http://127.0.0.1:3000` */
  readonly url: string;
  /** Stops accepting requests, lets in-flight ones finish, closes the app. Idempotent. */
  close(): Promise<void>;
}

/** Builds the Nest app on Fastify (not listening): CORS, validation, errors, logs, OpenAPI. */
export async function createApiApp(
  deps: ApiDependencies,
  config: ApiConfig,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRuntime(deps, config),
    new FastifyAdapter({
      bodyLimit: 64 * 1024,
      genReqId: (req: { headers: IncomingHttpHeaders }) => requestIdFor(req),
      requestIdHeader: false,
    }),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(new NestLogFilter(app.get(Logger), config.logLevel === 'debug'));
  const fastify = app.getHttpAdapter().getInstance();
  registerContentUploads(
    fastify,
    config.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    config.jwtSecret
      ? new ApiTokenVerifier(config.jwtSecret, () => deps.clock?.now() ?? new Date())
      : null,
  );
  registerDashboard(
    fastify,
    config.dashboardDir === undefined ? locateDashboardBundle() : config.dashboardDir,
  );
  fastify.addHook('onRequest', (request, reply, done) => {
    request.raw.id = request.id;
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  app.enableCors({ origin: config.frontendUrl, credentials: true });
  serveOpenApi(app, buildOpenApiDocument(app));
  await app.init();
  return app;
}

/** Creates the app and listens on config.host:config.port (port 0: any free port). */
export async function startApiServer(deps: ApiDependencies, config: ApiConfig): Promise<ApiServer> {
  const app = await createApiApp(deps, config);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    app,
    url: `http://${host}:${address.port}`,
    close: () => (closing ??= app.close()),
  };
}
