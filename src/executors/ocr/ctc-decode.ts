/** One recognised line and how sure the model was. */
export interface CtcText {
  readonly text: string;
  /** Mean of the winning probabilities of the characters kept; 0 when none were kept. */
  readonly confidence: number;
}

/**
 * Greedy CTC decoding of one sequence: `probs` is `steps` × `classes`, row-major. At each step the
 * most probable class wins (the lowest index on a tie); repeats collapse and class 0, the CTC blank,
 * is dropped. `alphabet[i]` is the text of class `i` (entry 0 is unused).
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  steps: number,
  classes: number,
  alphabet: readonly string[],
): CtcText {
  if (probs.length !== steps * classes) {
    throw new Error(`CTC output has ${probs.length} values, expected ${steps} × ${classes}`);
  }
  let text = '';
  let sum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const row = t * classes;
    let best = 0;
    let bestProb = -Infinity;
    for (let c = 0; c < classes; c++) {
      const p = probs[row + c] ?? -Infinity;
      if (p > bestProb) {
        best = c;
        bestProb = p;
      }
    }
    if (best !== 0 && best !== previous) {
      text += alphabet[best] ?? '';
      sum += bestProb;
      kept += 1;
    }
    previous = best;
  }
  return { text, confidence: kept === 0 ? 0 : sum / kept };
}
