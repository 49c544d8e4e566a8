export interface BackoffPolicy {
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from `minMs`, capped at `maxMs`,
 * with "equal jitter" (half fixed, half random) so that clients do not reconnect in lockstep.
 * Always within [min(minMs, maxMs), maxMs]. `random` returns [0, 1).
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const minMs = Math.max(0, Math.min(policy.minMs, policy.maxMs));
  const maxMs = Math.max(0, policy.maxMs);
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const ceiling = Math.min(maxMs, minMs * 2 ** exponent);
  const jittered = ceiling / 2 + (ceiling / 2) * clampUnit(random());
  return Math.round(Math.min(maxMs, Math.max(minMs, jittered)));
}

function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
}
