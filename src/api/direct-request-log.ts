import type { IncomingMessage, ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';
import type { ErrorLog } from './error.filter';
import { requestLogLevel } from './request-log-level';

/** The context the ErrorFilter's lines carry (nestjs-pino puts it first). */
const ERRORS_CONTEXT = 'api:errors';

/**
 * pino-http's request line for a route its middleware does not run for (ADR 0022): the same
 * logger, serializers, levels and messages, but the request's child logger (which serializes and
 * redacts the whole request) is built only when a line is actually written, not on every request.
 * Also the ErrorLog of that route's error answers, as the ErrorFilter writes them in a request.
 */
export class DirectRequestLog implements ErrorLog {
  private child: Pino | undefined;
  private readonly startedAt = Date.now();
  private isDone = false;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    /** pino-http's logger (nestjs-pino keeps it as PinoLogger.root once the app is built) */
    private readonly root: Pino = PinoLogger.root,
  ) {
    const done = (err?: Error) => {
      if (!this.isDone) {
        this.isDone = true;
        this.finish(err instanceof Error ? err : undefined);
      }
    };
    res.once('close', done);
    res.once('finish', done);
    res.once('error', done);
  }

  error(fields: Record<string, unknown>, msg: string): void {
    this.request().error({ context: ERRORS_CONTEXT, ...fields }, msg);
  }

  debug(fields: Record<string, unknown>, msg: string): void {
    if (this.root.isLevelEnabled('debug')) {
      this.request().debug({ context: ERRORS_CONTEXT, ...fields }, msg);
    }
  }

  private request(): Pino {
    this.child ??= this.root.child({ req: this.req });
    return this.child;
  }

  /** pino-http's onResFinished, for one logger and the default messages. */
  private finish(err: Error | undefined): void {
    const { req, res } = this;
    const level = requestLogLevel(req, res, err);
    if (!this.root.isLevelEnabled(level)) {
      return;
    }
    const responseTime = Date.now() - this.startedAt;
    if (err !== undefined || res.statusCode >= 500) {
      const error = err ?? new Error(`failed with status code ${res.statusCode}`);
      this.request()[level]({ res, err: error, responseTime }, 'request errored');
      return;
    }
    const message =
      !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted';
    this.request()[level]({ res, responseTime }, message);
  }
}
