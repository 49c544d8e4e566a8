export interface RetryPolicy {
  /** Delay before the first retry. */
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Delay before retry number `retry` (1-based): exponential from `baseMs`, capped at `maxMs`, with
 * "equal jitter" (half fixed, half random) so that retries of many actions do not come in lockstep.
 * `random` returns [0, 1).
 */
export function retryDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const base = Math.max(0, policy.baseMs);
  const max = Math.max(base, policy.maxMs);
  const exponent = Math.min(Math.max(0, Math.floor(retry) - 1), 30);
  const ceiling = Math.min(max, base * 2 ** exponent);
  const drawn = random();
  const unit = Number.isFinite(drawn) ? Math.min(Math.max(drawn, 0), 1) : 0;
  return Math.round(ceiling / 2 + (ceiling / 2) * unit);
}
