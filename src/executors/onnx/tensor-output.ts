import type { Tensor } from 'onnxruntime-node';

/** A JSON value for one output element. */
export type OutputValue = number | string | boolean;

/** At most this many elements over all outputs; more is refused rather than serialised. */
export const MAX_OUTPUT_ELEMENTS = 10_000_000;

/**
 * Canonical JSON for one output tensor: `{"dims":[…],"type":"float32","data":[…]}`.
 * Floats are rounded to 6 significant digits (not 6 decimals: probabilities of 1e-9 and logits of
 * 1e4 both keep their relative precision, and the last bits that differ between CPU kernels
 * vanish); NaN and ±Infinity, which JSON cannot hold, become the strings "NaN", "Infinity",
 * "-Infinity". int64 values outside the safe-integer range become decimal strings.
 */
export function outputJson(tensor: Tensor): { dims: number[]; type: string; data: OutputValue[] } {
  return { dims: [...tensor.dims], type: tensor.type, data: outputValues(tensor) };
}

export function outputValues(tensor: Tensor): OutputValue[] {
  const data = tensor.data as ArrayLike<number | bigint | string>;
  switch (tensor.type) {
    case 'float32':
    case 'float64':
      return Array.from(data as ArrayLike<number>, roundFloat);
    case 'bool':
      return Array.from(data as ArrayLike<number>, (v) => v !== 0);
    case 'string':
      return Array.from(data as ArrayLike<string>);
    default:
      return Array.from(data, (v) =>
        typeof v === 'bigint'
          ? Number.isSafeInteger(Number(v))
            ? Number(v)
            : v.toString()
          : (v as OutputValue),
      );
  }
}

/** Rounds to 6 significant digits; non-finite values become strings; -0 becomes 0. */
export function roundFloat(value: number): number | string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  const rounded = Number(value.toPrecision(6));
  return rounded === 0 ? 0 : rounded;
}
