/**
 * Pure health scoring and endpoint selection. Trust is a gate (connected, right chain, finality
 * not lagging the others); the score ranks trusted endpoints by head freshness, latency and
 * recent failures.
 */

export interface EndpointSample {
  readonly url: string;
  readonly isConnected: boolean;
  /** null until the endpoint has told us its genesis hash. */
  readonly genesisHash: string | null;
  readonly latencyMs: number | null;
  /** ms since its last new best head; null when it has not announced one since connecting. */
  readonly headAgeMs: number | null;
  readonly finalizedNumber: bigint | null;
  readonly consecutiveFailures: number;
}

export interface HealthContext {
  readonly expectedGenesisHash: string | null;
  readonly maxFinalityLagBlocks: number;
  /** No new head for this long counts as a stall. */
  readonly stallMs: number;
}

export interface EndpointHealth {
  readonly url: string;
  readonly isTrusted: boolean;
  readonly distrustReason: string | null;
  readonly score: number;
  readonly finalityLag: bigint | null;
}

/** The highest finalized height any connected endpoint on the expected chain reports. */
export function bestKnownFinalized(
  samples: readonly EndpointSample[],
  ctx: HealthContext,
): bigint | null {
  let best: bigint | null = null;
  for (const s of samples) {
    if (s.isConnected && onChain(s, ctx) && s.finalizedNumber !== null) {
      best = best === null || s.finalizedNumber > best ? s.finalizedNumber : best;
    }
  }
  return best;
}

export function assessEndpoints(
  samples: readonly EndpointSample[],
  ctx: HealthContext,
): EndpointHealth[] {
  const bestFinalized = bestKnownFinalized(samples, ctx);
  return samples.map((s) => assess(s, ctx, bestFinalized));
}

function assess(
  s: EndpointSample,
  ctx: HealthContext,
  bestFinalized: bigint | null,
): EndpointHealth {
  const lag =
    bestFinalized !== null && s.finalizedNumber !== null ? bestFinalized - s.finalizedNumber : null;
  const distrust = (reason: string): EndpointHealth => ({
    url: s.url,
    isTrusted: false,
    distrustReason: reason,
    score: 0,
    finalityLag: lag,
  });
  if (!s.isConnected) {
    return distrust('not connected');
  }
  if (!onChain(s, ctx)) {
    return distrust(s.genesisHash === null ? 'genesis unknown' : 'genesis hash mismatch');
  }
  if (s.finalizedNumber === null) {
    return distrust('finalized head unknown');
  }
  if (lag !== null && lag > BigInt(ctx.maxFinalityLagBlocks)) {
    return distrust(`finality lags the best-known finalized head by ${lag} blocks`);
  }
  return {
    url: s.url,
    isTrusted: true,
    distrustReason: null,
    score: score(s, ctx, lag),
    finalityLag: lag,
  };
}

function score(s: EndpointSample, ctx: HealthContext, lag: bigint | null): number {
  let value = 100;
  const age = s.headAgeMs;
  if (age === null || age > ctx.stallMs) {
    value -= 50;
  } else {
    value -= Math.round((10 * age) / Math.max(1, ctx.stallMs));
  }
  value -= s.latencyMs === null ? 15 : Math.min(25, Math.round(s.latencyMs / 20));
  if (lag !== null && lag > 0n) {
    value -= Math.round((10 * Number(lag)) / (ctx.maxFinalityLagBlocks + 1));
  }
  value -= Math.min(20, 5 * s.consecutiveFailures);
  return Math.max(1, Math.min(100, value));
}

function onChain(s: EndpointSample, ctx: HealthContext): boolean {
  return (
    s.genesisHash !== null &&
    (ctx.expectedGenesisHash === null || s.genesisHash === ctx.expectedGenesisHash)
  );
}

/**
 * Which endpoint to use: the current one while it is trusted and no other beats it by more than
 * `switchMargin` points (avoids flapping); otherwise the best-scoring trusted endpoint, earlier in
 * configuration order on a tie; null when none is trusted.
 */
export function chooseEndpoint(
  health: readonly EndpointHealth[],
  currentUrl: string | null,
  switchMargin = 20,
): string | null {
  let best: EndpointHealth | null = null;
  for (const h of health) {
    if (h.isTrusted && (best === null || h.score > best.score)) {
      best = h;
    }
  }
  if (best === null) {
    return null;
  }
  const current = health.find((h) => h.url === currentUrl && h.isTrusted);
  if (current && best.score - current.score <= switchMargin) {
    return current.url;
  }
  return best.url;
}
