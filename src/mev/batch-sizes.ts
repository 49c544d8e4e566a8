/**
 * Sizes of the batches for `n` eligible intents: as many as fit in as few batches as possible,
 * split evenly, every size within [min, max]. The first `sum(sizes)` intents (the oldest) go in.
 */
export function batchSizes(n: number, min: number, max: number): number[] {
  if (n < min) {
    return [];
  }
  const count = Math.min(Math.ceil(n / max), Math.floor(n / min));
  const taken = Math.min(n, count * max);
  const base = Math.floor(taken / count);
  const extra = taken % count;
  return Array.from({ length: count }, (_, i) => (i < extra ? base + 1 : base));
}
