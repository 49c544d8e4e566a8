import type { LoggerService } from '@nestjs/common';

/**
 * Nest's own lifecycle lines (modules initialized, routes mapped) go to pino only at LOG_LEVEL
 * debug; warnings and errors always do. Request logs come from pino-http, not from here.
 */
export class NestLogFilter implements LoggerService {
  constructor(
    private readonly target: LoggerService,
    private readonly isVerbose: boolean,
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    if (this.isVerbose) {
      this.target.log(message, ...rest);
    }
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.target.warn(message, ...rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.target.error(message, ...rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    if (this.isVerbose) {
      this.target.debug?.(message, ...rest);
    }
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    if (this.isVerbose) {
      this.target.verbose?.(message, ...rest);
    }
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    (this.target.fatal ?? this.target.error).call(this.target, message, ...rest);
  }
}
