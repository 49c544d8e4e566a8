import type { RgbImage } from '../image/decode-image';
import { resizeRgb, type PixelRect } from './rgb-resize';

// Typed-array reads below use `!`: every index is bounded by the loop limits over the same sizes.

/** Float32 NCHW data for a batch of one, with its shape. */
export interface TensorInput {
  readonly data: Float32Array;
  readonly dims: readonly [1, 3, number, number];
}

/** PaddleOCR's DetResizeForTest: the longer side at most this, both sides multiples of 32. */
export const DET_MAX_SIDE = 960;
/** PP-OCRv4 recognition input height, and the width narrower lines are padded to. */
export const REC_HEIGHT = 48;
export const REC_MIN_WIDTH = 320;
/** Wider lines are squeezed to this width (about 66 characters at the model's stride). */
export const REC_MAX_WIDTH = 3200;

const DET_MEAN = [0.485, 0.456, 0.406] as const;
const DET_STD = [0.229, 0.224, 0.225] as const;
const REC_MEAN = [0.5, 0.5, 0.5] as const;
const REC_STD = [0.5, 0.5, 0.5] as const;

/** The detector input for `image`: resized per DetResizeForTest and normalised. */
export function detectionInput(image: RgbImage): TensorInput {
  const ratio = Math.min(1, DET_MAX_SIDE / Math.max(image.width, image.height));
  const width = Math.max(32, Math.round((image.width * ratio) / 32) * 32);
  const height = Math.max(32, Math.round((image.height * ratio) / 32) * 32);
  const whole = { left: 0, top: 0, width: image.width, height: image.height };
  const pixels = resizeRgb(image, whole, width, height);
  return toNchw(pixels, width, height, width, DET_MEAN, DET_STD);
}

/**
 * The recognizer input for `rect` of `image`: crops taller than 1.5× their width are turned a
 * quarter counter-clockwise (as PaddleOCR does for vertical text), then scaled to height 48 keeping
 * the aspect ratio, normalised to -1..1 and padded on the right with zeros.
 */
export function recognitionInput(image: RgbImage, rect: PixelRect): TensorInput {
  let crop = cropRgb(image, rect);
  if (crop.height >= 1.5 * crop.width) {
    crop = rotateCounterClockwise(crop);
  }
  const scaledWidth = Math.ceil((REC_HEIGHT * crop.width) / crop.height);
  const tensorWidth = Math.min(REC_MAX_WIDTH, Math.max(REC_MIN_WIDTH, scaledWidth));
  const width = Math.max(1, Math.min(tensorWidth, scaledWidth));
  const whole = { left: 0, top: 0, width: crop.width, height: crop.height };
  const pixels = resizeRgb(crop, whole, width, REC_HEIGHT);
  return toNchw(pixels, width, REC_HEIGHT, tensorWidth, REC_MEAN, REC_STD);
}

export function cropRgb(image: RgbImage, rect: PixelRect): RgbImage {
  const data = new Uint8Array(rect.width * rect.height * 3);
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.top + y) * image.width + rect.left) * 3;
    data.set(image.data.subarray(from, from + rect.width * 3), y * rect.width * 3);
  }
  return { width: rect.width, height: rect.height, data };
}

/** numpy's rot90: the top-right corner becomes the top-left. */
export function rotateCounterClockwise(image: RgbImage): RgbImage {
  const data = new Uint8Array(image.data.length);
  const width = image.height;
  const height = image.width;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (x * image.width + (image.width - 1 - y)) * 3;
      data.set(image.data.subarray(from, from + 3), (y * width + x) * 3);
    }
  }
  return { width, height, data };
}

/**
 * Interleaved RGB (0..255) to planar BGR, `(v / 255 - mean[c]) / std[c]`, zero-padded on the right
 * to `tensorWidth`. PaddleOCR reads images with OpenCV, so its models were trained on BGR planes
 * with the mean and std applied in that channel order.
 */
function toNchw(
  pixels: Float32Array,
  width: number,
  height: number,
  tensorWidth: number,
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
): TensorInput {
  const plane = height * tensorWidth;
  const data = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const source = 2 - c;
    const m = mean[c]!;
    const s = std[c]!;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = pixels[(y * width + x) * 3 + source]!;
        data[c * plane + y * tensorWidth + x] = (v / 255 - m) / s;
      }
    }
  }
  return { data, dims: [1, 3, height, tensorWidth] };
}
