import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { ApiConfig, ApiDependencies } from './api-options';
import { requestIdFor } from './request-id';

/** Never logged: credentials in headers, and any field named like a key or seed. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-polkamesh-owner-signature"]',
  'res.headers["set-cookie"]',
  '*.seed',
  '*.workerSeed',
  '*.adminSeed',
  '*.password',
  '*.keystorePassword',
  '*.attestationSeed',
  '*.attestationKeystorePassword',
  '*.jwtSecret',
  '*.secret',
  '*.mnemonic',
];

/** nestjs-pino options: JSON lines, request id in and out, secrets redacted. */
export function httpLoggerOptions(config: ApiConfig, deps: ApiDependencies): Params {
  const options = {
    name: 'api',
    level: config.logLevel,
    // Fastify assigned the id (see api-server.ts); pino-http reads it from the raw request
    genReqId: (req: IncomingMessage) => req.id ?? requestIdFor(req),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    customLogLevel: (_req: unknown, res: { statusCode: number }, err?: Error) =>
      err !== undefined || res.statusCode >= 500
        ? 'error'
        : res.statusCode >= 400
          ? 'info'
          : 'debug',
  };
  return {
    pinoHttp: deps.logStream === undefined ? options : [options, deps.logStream],
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}
