/** Exponential backoff with "equal jitter" (see `backoffDelay`). */
export interface BackoffPolicy {
  /** Ceiling of the first delay; it doubles with every attempt after that. */
  readonly baseMs: number;
  /** No delay is longer (a `baseMs` above it counts as `maxMs`). */
  readonly maxMs: number;
  /** No delay is shorter (capped at `maxMs`); default 0, so the first delay may be `baseMs / 2`. */
  readonly floorMs?: number;
}

/**
 * Delay before attempt `attempt` (1-based: 1 = the first retry or reconnect): exponential from
 * `baseMs`, capped at `maxMs`, with "equal jitter" (half fixed, half random) so that many parties
 * retrying at once (actions, jobs, reconnecting clients) do not come in lockstep.
 * Always within [min(floorMs, maxMs), maxMs]. `random` returns [0, 1); other values are clamped.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const maxMs = Math.max(0, policy.maxMs);
  const baseMs = Math.min(Math.max(0, policy.baseMs), maxMs);
  const floorMs = Math.min(Math.max(0, policy.floorMs ?? 0), maxMs);
  const exponent = Math.min(Math.max(0, Math.floor(attempt) - 1), 30);
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  const jittered = ceiling / 2 + (ceiling / 2) * clampUnit(random());
  return Math.round(Math.min(maxMs, Math.max(floorMs, jittered)));
}

function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
}
