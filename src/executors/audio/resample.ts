// Global lookups are slow inside Jest's vm context (about 60x here), so the hot loop uses locals.
const { abs, floor } = Math;

const ROLLOFF = 0.95;
const ZERO_CROSSINGS = 8;
const TABLE_STEPS_PER_CROSSING = 512;

/**
 * Band-limited resampling by windowed-sinc interpolation, in plain float64 arithmetic so that the
 * same input gives the same samples on every machine.
 *
 * Each output sample at input position t is sum_i x[i]·h(fc·(t − i)) / sum_i h(fc·(t − i)), with
 * h(u) = sinc(u)·blackman(u / ZERO_CROSSINGS) over |u| < ZERO_CROSSINGS, and fc the cutoff as a
 * fraction of the input Nyquist (ROLLOFF × min(1, to/from), so downsampling filters out what the
 * new rate cannot hold). Samples outside the input count as zero; dividing by the weight sum keeps
 * a constant signal constant. h comes from a table with linear interpolation between entries.
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) {
    return samples.slice();
  }
  const length = floor((samples.length * toRate) / fromRate);
  const output = new Float32Array(length);
  const cutoff = ROLLOFF * Math.min(1, toRate / fromRate);
  const halfTaps = Math.ceil(ZERO_CROSSINGS / cutoff);
  for (let j = 0; j < length; j += 1) {
    // The input position j·from/to as an integer part and a fraction, without rounding drift.
    const numerator = j * fromRate;
    const base = floor(numerator / toRate);
    const fraction = (numerator - base * toRate) / toRate;
    let sum = 0;
    let weights = 0;
    for (let i = base - halfTaps + 1; i <= base + halfTaps; i += 1) {
      const weight = kernel(cutoff * abs(base + fraction - i));
      weights += weight;
      if (i >= 0 && i < samples.length) {
        sum += weight * (samples[i] ?? 0);
      }
    }
    output[j] = weights === 0 ? 0 : sum / weights;
  }
  return output;
}

const KERNEL_TABLE = buildKernelTable();

function kernel(u: number): number {
  const position = u * TABLE_STEPS_PER_CROSSING;
  const index = floor(position);
  if (index >= KERNEL_TABLE.length - 1) {
    return 0;
  }
  const low = KERNEL_TABLE[index] ?? 0;
  const high = KERNEL_TABLE[index + 1] ?? 0;
  return low + (high - low) * (position - index);
}

function buildKernelTable(): Float64Array {
  const size = ZERO_CROSSINGS * TABLE_STEPS_PER_CROSSING + 1;
  const table = new Float64Array(size);
  for (let k = 0; k < size; k += 1) {
    const u = k / TABLE_STEPS_PER_CROSSING;
    const sinc = k === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
    // Blackman window over [-ZERO_CROSSINGS, ZERO_CROSSINGS], centred on u = 0.
    const phase = (Math.PI * u) / ZERO_CROSSINGS;
    const window = 0.42 + 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
    table[k] = sinc * window;
  }
  return table;
}
