/**
 * Codes of the errors the service reports to its callers. `src/api/error.filter.ts` is the only
 * place that maps them to HTTP statuses (an exhaustive switch: a new code must be mapped there).
 */
export type AppErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_CURSOR'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'STORAGE_UNAVAILABLE'
  | 'INTERNAL';

/** A domain error: a stable code, a message safe to show, optional details; no HTTP knowledge. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** For exhaustive switches: fails to compile when a case is missing. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
