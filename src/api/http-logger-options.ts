import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { createLogRoot, type LogRoot } from '../logging';
import type { ApiConfig, ApiDependencies } from './api-options';
import { DIRECT_JOB_READ } from './direct-job-read';
import { requestIdFor } from './request-id';
import { requestLogLevel } from './request-log-level';

/**
 * nestjs-pino options: request lines through the service's one logger (deps.logRoot: same line
 * format, same redaction, LOG_FORMAT pretty included), request id in and out. Without a root (the
 * API alone, in tests) it gets one of its own writing JSON lines to deps.logStream or stdout.
 */
export function httpLoggerOptions(config: ApiConfig, deps: ApiDependencies): Params {
  const root: LogRoot =
    deps.logRoot ??
    createLogRoot({
      level: config.logLevel,
      format: 'json',
      ...(deps.logStream === undefined ? {} : { out: deps.logStream }),
    });
  return {
    pinoHttp: {
      logger: root.child({ name: 'api:http' }),
      // Fastify assigned the id (see api-server.ts); pino-http reads it from the raw request
      genReqId: (req: IncomingMessage) => req.id ?? requestIdFor(req),
      customLogLevel: requestLogLevel,
    },
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    // answered by a Fastify handler that writes the same line itself, only when it is written
    exclude: [RequestMethod.GET, RequestMethod.HEAD].map((method) => ({
      path: DIRECT_JOB_READ.url.slice(1),
      method,
    })),
  };
}
