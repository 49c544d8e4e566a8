import { ctcGreedyDecode } from './ctc-decode';

const ALPHABET = ['', 'a', 'b', ' '];

/** One row per step: the winning class gets `p`, the rest share what is left. */
function steps(winners: [number, number][]): Float32Array {
  const probs = new Float32Array(winners.length * ALPHABET.length);
  winners.forEach(([winner, p], t) => {
    for (let c = 0; c < ALPHABET.length; c++) {
      probs[t * ALPHABET.length + c] = c === winner ? p : (1 - p) / (ALPHABET.length - 1);
    }
  });
  return probs;
}

describe('ctcGreedyDecode', () => {
  it('collapses repeats, drops blanks and averages the kept probabilities', () => {
    const probs = steps([
      [1, 0.9],
      [1, 0.8],
      [0, 0.99],
      [1, 0.7],
      [3, 0.6],
      [2, 0.5],
      [2, 0.9],
    ]);

    const result = ctcGreedyDecode(probs, 7, ALPHABET.length, ALPHABET);

    // a (0.9), a again after a blank (0.7), space (0.6), b (0.5): repeats keep the first step.
    expect(result.text).toBe('aa b');
    expect(result.confidence).toBeCloseTo((0.9 + 0.7 + 0.6 + 0.5) / 4);
  });

  it('gives empty text with zero confidence when every step is blank', () => {
    expect(
      ctcGreedyDecode(
        steps([
          [0, 0.9],
          [0, 0.9],
        ]),
        2,
        4,
        ALPHABET,
      ),
    ).toEqual({
      text: '',
      confidence: 0,
    });
  });

  it('picks the lowest class on a tie', () => {
    const probs = Float32Array.from([0, 0.5, 0.5, 0]);

    expect(ctcGreedyDecode(probs, 1, 4, ALPHABET).text).toBe('a');
  });

  it('refuses output whose size does not match steps × classes', () => {
    expect(() => ctcGreedyDecode(new Float32Array(7), 2, 4, ALPHABET)).toThrow(/expected 2 × 4/);
  });
});
