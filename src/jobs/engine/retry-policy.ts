import type { JobWork } from './job-work';

export interface RetryLimits {
  /** Retries after the first attempt (MAX_RETRIES). */
  readonly maxRetries: number;
  /** No attempt starts later than this long after the job was discovered (MAX_EXECUTION_TIME). */
  readonly maxExecutionMs: number;
}

export type RetryVerdict =
  { readonly retry: true; readonly at: Date } | { readonly retry: false; readonly reason: string };

/** Whether a failed attempt is tried again after `delayMs` (pure; the deadline is checked apart). */
export function decideRetry(
  work: Pick<JobWork, 'attempts' | 'discoveredAt'>,
  delayMs: number,
  now: Date,
  limits: RetryLimits,
): RetryVerdict {
  if (work.attempts > limits.maxRetries) {
    return { retry: false, reason: `${work.attempts} attempts failed` };
  }
  const at = new Date(now.getTime() + delayMs);
  const lastStart = work.discoveredAt.getTime() + limits.maxExecutionMs;
  if (at.getTime() > lastStart) {
    return {
      retry: false,
      reason: `no retry ${limits.maxExecutionMs} ms after discovery (MAX_EXECUTION_TIME); ${work.attempts} attempts failed`,
    };
  }
  return { retry: true, at };
}
