import type { RgbImage } from '../image/decode-image';

// Typed-array reads below use `!`: every index is bounded by the loop limits and the rect, which
// callers keep inside the image; `noUncheckedIndexedAccess` cannot see that.

/** A whole-pixel rectangle inside an image. */
export interface PixelRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Bilinear resize of `rect` of `image` to `outWidth`×`outHeight`, with OpenCV's `INTER_LINEAR`
 * pixel-centre mapping. Returns interleaved RGB as floats in 0..255 (no rounding back to bytes).
 */
export function resizeRgb(
  image: RgbImage,
  rect: PixelRect,
  outWidth: number,
  outHeight: number,
): Float32Array {
  const out = new Float32Array(outWidth * outHeight * 3);
  const scaleX = rect.width / outWidth;
  const scaleY = rect.height / outHeight;
  const xs = sampleAxis(outWidth, scaleX, rect.width);
  const ys = sampleAxis(outHeight, scaleY, rect.height);
  const src = image.data;
  for (let y = 0; y < outHeight; y++) {
    const y0 = rect.top + ys.low[y]!;
    const y1 = rect.top + ys.high[y]!;
    const fy = ys.weight[y]!;
    for (let x = 0; x < outWidth; x++) {
      const x0 = rect.left + xs.low[x]!;
      const x1 = rect.left + xs.high[x]!;
      const fx = xs.weight[x]!;
      const p00 = (y0 * image.width + x0) * 3;
      const p01 = (y0 * image.width + x1) * 3;
      const p10 = (y1 * image.width + x0) * 3;
      const p11 = (y1 * image.width + x1) * 3;
      const o = (y * outWidth + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = src[p00 + c]! * (1 - fx) + src[p01 + c]! * fx;
        const bottom = src[p10 + c]! * (1 - fx) + src[p11 + c]! * fx;
        out[o + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}

interface AxisSamples {
  readonly low: Int32Array;
  readonly high: Int32Array;
  readonly weight: Float32Array;
}

function sampleAxis(outSize: number, scale: number, inSize: number): AxisSamples {
  const low = new Int32Array(outSize);
  const high = new Int32Array(outSize);
  const weight = new Float32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const at = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inSize - 1);
    const floor = Math.floor(at);
    low[i] = floor;
    high[i] = Math.min(floor + 1, inSize - 1);
    weight[i] = at - floor;
  }
  return { low, high, weight };
}
