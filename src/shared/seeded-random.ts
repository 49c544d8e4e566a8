// Hoisted: global lookups inside a hot loop are slow under Jest's sandbox.
const imul = Math.imul;

/**
 * mulberry32: a tiny seeded generator of uniform numbers in [0, 1). For anything that must come out
 * the same on every run (initial weights, test data, chaos schedules); never for secrets.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
