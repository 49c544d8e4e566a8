import { resizeRgb } from './rgb-resize';

const image = {
  width: 2,
  height: 2,
  data: Uint8Array.from([0, 0, 0, 100, 100, 100, 200, 200, 200, 50, 60, 70]),
};
const whole = { left: 0, top: 0, width: 2, height: 2 };

describe('resizeRgb', () => {
  it('returns the same pixels at the same size', () => {
    expect([...resizeRgb(image, whole, 2, 2)]).toEqual([...image.data]);
  });

  it('averages the four pixels when halving both sides', () => {
    expect([...resizeRgb(image, whole, 1, 1)]).toEqual([87.5, 90, 92.5]);
  });

  it('samples only inside the rect it is given', () => {
    const rightColumn = { left: 1, top: 0, width: 1, height: 2 };

    expect([...resizeRgb(image, rightColumn, 1, 1)]).toEqual([75, 80, 85]);
  });

  it('interpolates between pixel centres when enlarging', () => {
    const row = { width: 2, height: 1, data: Uint8Array.from([0, 0, 0, 100, 100, 100]) };

    const out = resizeRgb(row, { left: 0, top: 0, width: 2, height: 1 }, 4, 1);

    // Centres map to -0.25 (clamped to 0), 0.25, 0.75 and 1.25 (clamped to 1).
    expect([...out].filter((_, i) => i % 3 === 0)).toEqual([0, 25, 75, 100]);
  });
});
