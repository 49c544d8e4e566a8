import type { Tensor3D } from '@tensorflow/tfjs';
import { wasmTensorflow } from '../tfjs/tfjs-wasm';
import { resizeToUnitRgb } from './resize-to-unit-rgb';

function image(width: number, height: number, pixel: (x: number, y: number) => number[]) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      data.set(pixel(x, y), (y * width + x) * 3);
    }
  }
  return { width, height, data };
}

describe('resizeToUnitRgb', () => {
  it('scales a same-size image to [0, 1] without moving pixels', () => {
    const input = image(2, 2, (x, y) => [x * 255, y * 255, 51]);
    expect(Array.from(resizeToUnitRgb(input, 2))).toEqual(
      [0, 0, 0.2, 1, 0, 0.2, 0, 1, 0.2, 1, 1, 0.2].map(Math.fround),
    );
  });

  it('interpolates linearly between aligned corners', () => {
    // Black and white side by side, stretched to 3 wide: grey lands exactly in the middle.
    const output = resizeToUnitRgb(
      image(2, 1, (x) => [x * 255, x * 255, x * 255]),
      3,
    );
    const row = Array.from(output.subarray(0, 9));
    expect(row).toEqual([0, 0, 0, 0.5, 0.5, 0.5, 1, 1, 1]);
    // Every row is the same because the single input row is repeated.
    expect(Array.from(output.subarray(18, 27))).toEqual(row);
  });

  it('keeps the four corner pixels when shrinking', () => {
    const input = image(640, 480, (x, y) => [x % 256, y % 256, (x * y) % 256]);
    const output = resizeToUnitRgb(input, 224);
    const pixel = (x: number, y: number) =>
      Array.from(output.subarray((y * 224 + x) * 3, (y * 224 + x) * 3 + 3));
    expect(pixel(0, 0)).toEqual([0, 0, 0]);
    expect(pixel(223, 0)).toEqual([127 / 255, 0, 0].map(Math.fround));
    expect(pixel(0, 223)).toEqual([0, 223 / 255, 0].map(Math.fround));
    expect(pixel(223, 223)).toEqual(
      [127 / 255, 223 / 255, ((639 * 479) % 256) / 255].map(Math.fround),
    );
  });

  it('matches TensorFlow.js resizeBilinear with aligned corners, as nsfwjs uses it', async () => {
    const tf = await wasmTensorflow();
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % 256;
    const input = image(97, 61, () => [random(), random(), random()]);
    const expected = tf.tidy(() =>
      tf.image.resizeBilinear(
        tf.tensor3d(input.data, [61, 97, 3], 'float32').div<Tensor3D>(255),
        [224, 224],
        true,
      ),
    );
    const reference = await expected.data();
    expected.dispose();
    const output = resizeToUnitRgb(input, 224);
    let maxDifference = 0;
    output.forEach((value, i) => {
      maxDifference = Math.max(maxDifference, Math.abs(value - (reference[i] ?? Number.NaN)));
    });
    expect(maxDifference).toBeLessThan(1e-5);
  });
});
