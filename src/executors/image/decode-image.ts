import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { InvalidInputError } from '../executor';

/** An 8-bit RGB image, 3 bytes per pixel, row-major, no padding. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Neither side may exceed this; bigger images are refused before they are decoded. */
export const MAX_IMAGE_SIDE = 4096;

const MAX_JPEG_MEGAPIXELS = (MAX_IMAGE_SIDE * MAX_IMAGE_SIDE) / 1_000_000;
const MAX_JPEG_MEMORY_MB = 512;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/**
 * Decodes a PNG or JPEG (recognised by its magic bytes, whatever media type it came with) to RGB.
 * Transparent pixels are composited on white. Throws `InvalidInputError` for anything else, for
 * corrupt files, and for images with a zero side or a side over `MAX_IMAGE_SIDE`.
 */
export function decodeImage(bytes: Uint8Array): RgbImage {
  if (startsWith(bytes, PNG_SIGNATURE)) {
    return decodePng(bytes);
  }
  if (startsWith(bytes, JPEG_SIGNATURE)) {
    return decodeJpeg(bytes);
  }
  throw new InvalidInputError('input is not a PNG or JPEG image');
}

function decodePng(bytes: Uint8Array): RgbImage {
  // The IHDR chunk always comes first, so the size can be checked before anything is inflated.
  if (bytes.length < 24) {
    throw new InvalidInputError('PNG image is truncated');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkSize(view.getUint32(16), view.getUint32(20));
  let png;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new InvalidInputError(`PNG image could not be decoded: ${messageOf(err)}`);
  }
  checkSize(png.width, png.height);
  return { width: png.width, height: png.height, data: rgbaOnWhite(png.data) };
}

function decodeJpeg(bytes: Uint8Array): RgbImage {
  let decoded;
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: MAX_JPEG_MEGAPIXELS,
      maxMemoryUsageInMB: MAX_JPEG_MEMORY_MB,
    });
  } catch (err) {
    throw new InvalidInputError(`JPEG image could not be decoded: ${messageOf(err)}`);
  }
  checkSize(decoded.width, decoded.height);
  if (decoded.data.length !== decoded.width * decoded.height * 3) {
    throw new InvalidInputError('JPEG image has an unexpected pixel layout');
  }
  return { width: decoded.width, height: decoded.height, data: decoded.data };
}

function checkSize(width: number, height: number): void {
  if (width === 0 || height === 0) {
    throw new InvalidInputError('image has a zero width or height');
  }
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new InvalidInputError(
      `image is ${width}x${height}; neither side may exceed ${MAX_IMAGE_SIDE} pixels`,
    );
  }
}

/** out = alpha * colour + (1 - alpha) * white, rounded. */
function rgbaOnWhite(rgba: Uint8Array): Uint8Array {
  const pixels = rgba.length / 4;
  const rgb = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const alpha = rgba[i * 4 + 3] ?? 255;
    for (let c = 0; c < 3; c++) {
      const value = rgba[i * 4 + c] ?? 0;
      rgb[i * 3 + c] = Math.round((value * alpha + 255 * (255 - alpha)) / 255);
    }
  }
  return rgb;
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
