import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { InvalidInputError } from '../executor';
import { decodeImage, MAX_IMAGE_SIDE } from './decode-image';

function pngOf(width: number, height: number, rgba: number[]): Uint8Array {
  return new Uint8Array(PNG.sync.write({ width, height, data: Buffer.from(rgba) }));
}

function jpegOf(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set([...rgb, 255], i * 4);
  }
  return new Uint8Array(jpeg.encode({ width, height, data }, 100).data);
}

describe('decodeImage', () => {
  it('decodes a PNG to RGB, compositing transparent pixels on white', () => {
    const image = decodeImage(pngOf(3, 1, [10, 20, 30, 255, 200, 0, 0, 0, 0, 0, 0, 128]));

    expect(image.width).toBe(3);
    expect(image.height).toBe(1);
    // Opaque stays, fully transparent becomes white, half-transparent black becomes mid grey.
    expect([...image.data]).toEqual([10, 20, 30, 255, 255, 255, 127, 127, 127]);
  });

  it('decodes a JPEG to RGB', () => {
    const image = decodeImage(jpegOf(16, 8, [200, 40, 90]));

    expect(image.width).toBe(16);
    expect(image.height).toBe(8);
    expect(image.data.length).toBe(16 * 8 * 3);
    const centre = (4 * 16 + 8) * 3;
    const [r, g, b] = image.data.subarray(centre, centre + 3);
    expect(Math.abs(r! - 200)).toBeLessThanOrEqual(3);
    expect(Math.abs(g! - 40)).toBeLessThanOrEqual(3);
    expect(Math.abs(b! - 90)).toBeLessThanOrEqual(3);
  });

  it('refuses bytes that are neither PNG nor JPEG', () => {
    expect(() => decodeImage(new TextEncoder().encode('hello, not an image'))).toThrow(
      InvalidInputError,
    );
    expect(() => decodeImage(new Uint8Array(0))).toThrow(InvalidInputError);
  });

  it('refuses a truncated or corrupt PNG', () => {
    const png = pngOf(2, 2, new Array<number>(16).fill(255));
    expect(() => decodeImage(png.subarray(0, 30))).toThrow(InvalidInputError);
    const corrupt = png.slice();
    const at = corrupt.length - 20; // inside the image data, so the chunk's CRC no longer matches
    corrupt[at] = (corrupt[at] ?? 0) ^ 0xff;
    expect(() => decodeImage(corrupt)).toThrow(InvalidInputError);
  });

  it('refuses a corrupt JPEG', () => {
    const bytes = jpegOf(8, 8, [0, 0, 0]).subarray(0, 40);
    expect(() => decodeImage(bytes)).toThrow(InvalidInputError);
  });

  it('refuses a PNG whose header declares a side over the limit, before inflating it', () => {
    const png = pngOf(1, 1, [0, 0, 0, 255]).slice();
    new DataView(png.buffer).setUint32(16, MAX_IMAGE_SIDE + 1);

    expect(() => decodeImage(png)).toThrow(/neither side may exceed 4096/);
  });

  it('refuses a JPEG wider than the limit', () => {
    expect(() => decodeImage(jpegOf(MAX_IMAGE_SIDE + 1, 1, [0, 0, 0]))).toThrow(
      /neither side may exceed/,
    );
  });

  it('refuses a PNG with a zero side', () => {
    const png = pngOf(1, 1, [0, 0, 0, 255]).slice();
    new DataView(png.buffer).setUint32(20, 0);

    expect(() => decodeImage(png)).toThrow(/zero width or height/);
  });
});
