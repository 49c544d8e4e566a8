import { randomUUID } from 'node:crypto';
import {
  Catch,
  HttpException,
  Inject,
  HttpStatus,
  Optional,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { ZodSerializationException, ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { AppError, assertNever, type AppErrorCode } from '../shared';
import type { ErrorBody } from './dto/error.dto';
import { RATE_LIMITED_MESSAGE } from './route-throttle';
import { API_STORAGE_OUTAGE } from './tokens';

/** Maps every domain error code to its HTTP status; the only such mapping (STYLE §8). */
export function statusForCode(code: AppErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'INVALID_CURSOR':
    case 'BAD_REQUEST':
      return HttpStatus.BAD_REQUEST;
    case 'NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'UNAUTHORIZED':
      return HttpStatus.UNAUTHORIZED;
    case 'FORBIDDEN':
      return HttpStatus.FORBIDDEN;
    case 'CONFLICT':
      return HttpStatus.CONFLICT;
    case 'PAYLOAD_TOO_LARGE':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'RATE_LIMITED':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'UNAVAILABLE':
    case 'STORAGE_UNAVAILABLE':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'INTERNAL':
      return HttpStatus.INTERNAL_SERVER_ERROR;
    default:
      return assertNever(code);
  }
}

interface Mapped {
  readonly status: number;
  readonly code: AppErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

const GENERIC_MESSAGE = 'internal error; quote the errorId when reporting it';
const STORAGE_MESSAGE = 'the database is unavailable for now; retry later';
/** Retry-After (seconds) of a 503 STORAGE_UNAVAILABLE: about a database restart's length. */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/**
 * Every error leaves as `{error: {code, message, errorId, details?}}`. Unknown errors and 5xx
 * become a generic 500 whose errorId is logged with the error and the request id; an error that
 * says the database is away (the runtime's storage classifier) is a 503 STORAGE_UNAVAILABLE with
 * Retry-After instead, since nothing is wrong with the request or the code.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(
    @Inject(PinoLogger) private readonly log: PinoLogger,
    @Optional()
    @Inject(API_STORAGE_OUTAGE)
    private readonly isStorageOutage: (err: unknown) => boolean = () => false,
  ) {
    this.log.setContext('api:errors');
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    answerException(
      host.switchToHttp().getResponse<FastifyReply>(),
      exception,
      this.isStorageOutage,
      this.log,
    );
  }
}

/** Where answerException writes: the request's logger, with the `api:errors` context. */
export interface ErrorLog {
  error(fields: Record<string, unknown>, msg: string): void;
  debug(fields: Record<string, unknown>, msg: string): void;
}

/**
 * The filter's answer, for handlers outside Nest's pipeline too (ADR 0022): maps the exception,
 * logs a 5xx with its errorId (a rejection at debug), and sends the error shape.
 */
export function answerException(
  reply: FastifyReply,
  exception: unknown,
  isStorageOutage: (err: unknown) => boolean,
  log: ErrorLog,
): void {
  const errorId = randomUUID();
  const mapped = mapException(exception, isStorageOutage);
  if (mapped.status >= 500) {
    log.error({ err: exception, errorId }, 'request failed');
  } else {
    log.debug({ errorId, code: mapped.code, status: mapped.status }, 'request rejected');
  }
  sendMapped(reply, mapped, errorId);
}

/** Answers a domain error in the error shape outside Nest's pipeline (e.g. a Fastify hook). */
export function sendAppError(reply: FastifyReply, error: AppError): void {
  sendMapped(reply, mapException(error), randomUUID());
}

function sendMapped(reply: FastifyReply, mapped: Mapped, errorId: string): void {
  const body: ErrorBody = {
    error: {
      code: mapped.code,
      message:
        mapped.status >= 500 && mapped.code === 'INTERNAL' ? GENERIC_MESSAGE : mapped.message,
      errorId,
      ...(mapped.details !== undefined ? { details: mapped.details } : {}),
    },
  };
  if (mapped.status === 401) {
    void reply.header('WWW-Authenticate', 'Bearer realm="polkamesh"');
  }
  if (mapped.code === 'STORAGE_UNAVAILABLE') {
    void reply.header('Retry-After', String(STORAGE_RETRY_AFTER_SECONDS));
  }
  void reply.status(mapped.status).send(body);
}

export function mapException(
  exception: unknown,
  isStorageOutage: (err: unknown) => boolean = () => false,
): Mapped {
  if (isStorageOutage(exception)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'STORAGE_UNAVAILABLE',
      message: STORAGE_MESSAGE,
    };
  }
  if (exception instanceof AppError) {
    const status = statusForCode(exception.code);
    return {
      status,
      code: exception.code,
      message: exception.message,
      details: exception.details === undefined ? undefined : { ...exception.details },
    };
  }
  if (exception instanceof ZodValidationException) {
    const zodError = exception.getZodError();
    const fields =
      zodError instanceof ZodError
        ? zodError.issues.map((i) => ({
            field: i.path.join('.'),
            message: i.message,
            code: i.code,
          }))
        : [];
    return {
      status: HttpStatus.BAD_REQUEST,
      code: 'VALIDATION_FAILED',
      message: `invalid request: ${fields.map((f) => f.field || '(root)').join(', ') || 'validation failed'}`,
      details: { fields },
    };
  }
  if (exception instanceof ZodSerializationException) {
    return internal();
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) {
      return { status, code: 'NOT_FOUND', message: exception.message };
    }
    if (status === 429) {
      return { status, code: 'RATE_LIMITED', message: RATE_LIMITED_MESSAGE };
    }
    if (status === 413) {
      return { status, code: 'PAYLOAD_TOO_LARGE', message: 'request body too large' };
    }
    if (status >= 400 && status < 500) {
      return { status, code: 'BAD_REQUEST', message: exception.message };
    }
    if (status === 503) {
      return { status, code: 'UNAVAILABLE', message: exception.message };
    }
  }
  const status = clientErrorStatus(exception);
  if (status !== null) {
    return { status, code: 'BAD_REQUEST', message: 'malformed request' };
  }
  return internal();
}

/** Fastify's own request errors (bad content type, body too large…) carry a 4xx `statusCode`. */
function clientErrorStatus(exception: unknown): number | null {
  if (!(exception instanceof Error) || !('statusCode' in exception)) {
    return null;
  }
  const status = exception.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

function internal(): Mapped {
  return { status: 500, code: 'INTERNAL', message: GENERIC_MESSAGE };
}
