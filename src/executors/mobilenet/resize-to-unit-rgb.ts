import type { RgbImage } from '../image/decode-image';

// Global lookups are slow inside Jest's vm context, so the per-pixel code uses locals.
const { floor, min } = Math;

/**
 * Resizes 8-bit RGB to `size`×`size` floats in [0, 1], HWC order, the way nsfwjs prepares its input
 * (`tf.image.resizeBilinear(pixels / 255, [size, size], alignCorners = true)`), but in plain JS so
 * that the result does not depend on a backend's kernels. With aligned corners the first and last
 * output rows and columns sample the first and last input ones exactly.
 */
export function resizeToUnitRgb(image: RgbImage, size: number): Float32Array {
  const { width, height, data } = image;
  const output = new Float32Array(size * size * 3);
  const scaleY = size > 1 ? (height - 1) / (size - 1) : 0;
  const scaleX = size > 1 ? (width - 1) / (size - 1) : 0;
  for (let y = 0; y < size; y += 1) {
    const sourceY = y * scaleY;
    const top = floor(sourceY);
    const bottom = min(top + 1, height - 1);
    const fy = sourceY - top;
    for (let x = 0; x < size; x += 1) {
      const sourceX = x * scaleX;
      const left = floor(sourceX);
      const right = min(left + 1, width - 1);
      const fx = sourceX - left;
      for (let c = 0; c < 3; c += 1) {
        const topLeft = data[(top * width + left) * 3 + c] ?? 0;
        const topRight = data[(top * width + right) * 3 + c] ?? 0;
        const bottomLeft = data[(bottom * width + left) * 3 + c] ?? 0;
        const bottomRight = data[(bottom * width + right) * 3 + c] ?? 0;
        const upper = topLeft + (topRight - topLeft) * fx;
        const lower = bottomLeft + (bottomRight - bottomLeft) * fx;
        output[(y * size + x) * 3 + c] = (upper + (lower - upper) * fy) / 255;
      }
    }
  }
  return output;
}
