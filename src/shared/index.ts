export { AppError, assertNever, type AppErrorCode } from './app-error';
export { backoffDelay, type BackoffPolicy } from './backoff';
export type { BlockRef } from './block-ref';
export { SYSTEM_CLOCK, type Clock } from './clock';
export type { JsonInput, JsonValue } from './json';
export { NOOP_LOGGER, type LogFields, type Logger } from './logger';
export { occasionally } from './occasionally';
export type { Page } from './page';
export { finishesWithin, TimeoutError, withTimeout } from './with-timeout';
export { Secret } from './secret';
export {
  ChainActionTransitionError,
  IdempotencyKeyConflictError,
  InvalidStorageValueError,
  LeaseLostError,
  StaleCursorError,
  StorageError,
  type StorageErrorCode,
} from './storage-errors';
export { seededRandom } from './seeded-random';
export { startPollLoop, type PollLoop } from './poll-loop';
export { reuseFor } from './reuse-for';
export {
  HEALTHY,
  runningHealth,
  type LongRunning,
  type PartHealth,
  type PartReport,
} from './lifecycle';
export { DEFAULT_PASS_HEALTH, PassHealth, type PassHealthConfig } from './pass-health';
