import type { RgbImage } from '../image/decode-image';
import {
  DET_MAX_SIDE,
  detectionInput,
  recognitionInput,
  REC_HEIGHT,
  REC_MIN_WIDTH,
  rotateCounterClockwise,
} from './model-inputs';

function solid(width: number, height: number, rgb: [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    data.set(rgb, i * 3);
  }
  return { width, height, data };
}

/** The value of channel `c` at (x, y) in a 1×3×H×W tensor. */
function at(input: ReturnType<typeof detectionInput>, c: number, x: number, y: number): number {
  const [, , height, width] = input.dims;
  return input.data[c * height * width + y * width + x] ?? NaN;
}

describe('detectionInput', () => {
  it('rounds both sides to multiples of 32', () => {
    expect(detectionInput(solid(398, 202, [255, 255, 255])).dims).toEqual([1, 3, 192, 384]);
    expect(detectionInput(solid(10, 5, [255, 255, 255])).dims).toEqual([1, 3, 32, 32]);
  });

  it('scales the longer side down to the limit', () => {
    expect(detectionInput(solid(2000, 500, [255, 255, 255])).dims).toEqual([
      1,
      3,
      256,
      DET_MAX_SIDE,
    ]);
  });

  it('puts planes in BGR order, each normalised with the ImageNet mean and std in that order', () => {
    const input = detectionInput(solid(32, 32, [255, 0, 0]));

    expect(at(input, 0, 5, 5)).toBeCloseTo((0 - 0.485) / 0.229, 5);
    expect(at(input, 1, 5, 5)).toBeCloseTo((0 - 0.456) / 0.224, 5);
    expect(at(input, 2, 5, 5)).toBeCloseTo((1 - 0.406) / 0.225, 5);
  });
});

describe('recognitionInput', () => {
  it('scales a crop to height 48, normalises to -1..1 and zero-pads to the minimum width', () => {
    const image = solid(100, 40, [255, 255, 255]);

    const input = recognitionInput(image, { left: 10, top: 10, width: 60, height: 20 });

    expect(input.dims).toEqual([1, 3, REC_HEIGHT, REC_MIN_WIDTH]);
    // 60 × 20 scaled to height 48 is 144 wide; white is 1, the padding after it 0.
    expect(at(input, 0, 143, 20)).toBe(1);
    expect(at(input, 2, 143, 47)).toBe(1);
    expect(at(input, 1, 144, 20)).toBe(0);
  });

  it('uses the scaled width when it is wider than the minimum', () => {
    const input = recognitionInput(solid(400, 20, [0, 0, 0]), {
      left: 0,
      top: 0,
      width: 400,
      height: 20,
    });

    expect(input.dims).toEqual([1, 3, REC_HEIGHT, 960]);
    expect(at(input, 0, 959, 0)).toBe(-1);
  });

  it('turns crops much taller than wide on their side first', () => {
    const input = recognitionInput(solid(10, 40, [0, 0, 0]), {
      left: 0,
      top: 0,
      width: 10,
      height: 40,
    });

    // 40 wide × 10 high after turning: 192 wide at height 48.
    expect(at(input, 0, 191, 0)).toBe(-1);
    expect(at(input, 0, 192, 0)).toBe(0);
  });
});

describe('rotateCounterClockwise', () => {
  it('moves the top-right pixel to the top-left', () => {
    // 2 × 1: [A, B] becomes 1 × 2: [B] over [A].
    const image = { width: 2, height: 1, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };

    expect(rotateCounterClockwise(image)).toEqual({
      width: 1,
      height: 2,
      data: Uint8Array.from([4, 5, 6, 1, 2, 3]),
    });
  });
});
