export { AppError, assertNever, type AppErrorCode } from './app-error';
export { SYSTEM_CLOCK, type Clock } from './clock';
export { TimeoutError, withTimeout } from './with-timeout';
export { Secret } from './secret';
export { seededRandom } from './seeded-random';
export { startPollLoop, type PollLoop } from './poll-loop';
export { reuseFor } from './reuse-for';
