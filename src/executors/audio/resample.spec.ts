import { resample } from './resample';

function tone(frequency: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  const samples = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < samples.length; i += 1) {
    samples[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate);
  }
  return samples;
}

/** Largest difference from `expected` away from the first and last 20 ms, where zeros leak in. */
function maxInteriorError(actual: Float32Array, expected: Float32Array, rate: number): number {
  const margin = Math.round(rate * 0.02);
  let max = 0;
  for (let i = margin; i < actual.length - margin; i += 1) {
    max = Math.max(max, Math.abs((actual[i] ?? 0) - (expected[i] ?? 0)));
  }
  return max;
}

function rms(samples: Float32Array, rate: number): number {
  const margin = Math.round(rate * 0.02);
  let sum = 0;
  for (let i = margin; i < samples.length - margin; i += 1) {
    sum += (samples[i] ?? 0) ** 2;
  }
  return Math.sqrt(sum / (samples.length - 2 * margin));
}

describe('resample', () => {
  it('returns an equal copy when the rates match', () => {
    const input = tone(440, 16_000, 0.1);
    const output = resample(input, 16_000, 16_000);
    expect(output).toEqual(input);
    expect(output).not.toBe(input);
  });

  it('gives floor(n * to / from) samples', () => {
    expect(resample(new Float32Array(22_050), 22_050, 16_000)).toHaveLength(16_000);
    expect(resample(new Float32Array(1001), 44_100, 16_000)).toHaveLength(363);
    expect(resample(new Float32Array(3), 8_000, 16_000)).toHaveLength(6);
  });

  it('keeps a constant signal constant away from the edges', () => {
    const output = resample(new Float32Array(44_100).fill(0.25), 44_100, 16_000);
    expect(
      maxInteriorError(output, new Float32Array(output.length).fill(0.25), 16_000),
    ).toBeLessThan(1e-6);
  });

  it.each([
    [48_000, 1_000],
    [44_100, 3_000],
    [22_050, 440],
    [8_000, 1_000],
  ])('keeps a tone in the pass band when going from %i Hz to 16 kHz (%i Hz tone)', (from, hz) => {
    const output = resample(tone(hz, from, 0.5), from, 16_000);
    expect(maxInteriorError(output, tone(hz, 16_000, 0.5), 16_000)).toBeLessThan(0.005);
  });

  it('removes a tone that 16 kHz cannot represent instead of aliasing it', () => {
    // 12 kHz would fold back to 4 kHz at full strength (RMS 0.35) without the low-pass filter.
    const output = resample(tone(12_000, 48_000, 0.5), 48_000, 16_000);
    expect(rms(output, 16_000)).toBeLessThan(0.002);
  });

  it('gives the same samples on every run', () => {
    const input = tone(1234, 44_100, 0.2);
    expect(resample(input, 44_100, 16_000)).toEqual(resample(input, 44_100, 16_000));
  });
});
