/**
 * Wraps `load` so that its answer (or the promise still in flight) is reused for `ttlMs` after it
 * was asked for; callers meanwhile share that one promise. `ttlMs` 0 calls `load` every time.
 */
export function reuseFor<T>(
  ttlMs: number,
  now: () => number,
  load: () => Promise<T>,
): () => Promise<T> {
  let cached: { readonly at: number; readonly value: Promise<T> } | null = null;
  return () => {
    const at = now();
    if (cached !== null && at - cached.at < ttlMs) {
      return cached.value;
    }
    const value = load();
    cached = ttlMs > 0 ? { at, value } : null;
    return value;
  };
}
