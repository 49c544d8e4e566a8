import { findTextBoxes, type DbOptions, type ProbabilityMap } from './text-boxes';

const OPTIONS: DbOptions = { threshold: 0.3, boxThreshold: 0.6, unclipRatio: 2, minSide: 3 };

/** A width × height map of zeros with the given rectangles filled with a probability. */
function mapWith(
  width: number,
  height: number,
  rects: { left: number; top: number; right: number; bottom: number; p: number }[],
): ProbabilityMap {
  const data = new Float32Array(width * height);
  for (const r of rects) {
    for (let y = r.top; y < r.bottom; y++) {
      data.fill(r.p, y * width + r.left, y * width + r.right);
    }
  }
  return { width, height, data };
}

describe('findTextBoxes', () => {
  it('turns a confident region into a box grown by area × ratio / perimeter on every side', () => {
    // 20 × 5 region: grow = 100 × 2 / 50 = 4.
    const map = mapWith(60, 30, [{ left: 10, top: 10, right: 30, bottom: 15, p: 0.9 }]);

    const [box, ...rest] = findTextBoxes(map, OPTIONS);

    expect(rest).toEqual([]);
    expect(box?.left).toBeCloseTo(6);
    expect(box?.top).toBeCloseTo(6);
    expect(box?.right).toBeCloseTo(34);
    expect(box?.bottom).toBeCloseTo(19);
    expect(box?.score).toBeCloseTo(0.9);
  });

  it('clips grown boxes to the map', () => {
    const map = mapWith(20, 10, [{ left: 0, top: 0, right: 20, bottom: 4, p: 1 }]);

    expect(findTextBoxes(map, OPTIONS)).toEqual([
      { left: 0, top: 0, right: 20, bottom: expect.closeTo(4 + (80 * 2) / 48) as number, score: 1 },
    ]);
  });

  it('drops regions whose mean probability is below the box threshold', () => {
    const map = mapWith(40, 20, [{ left: 5, top: 5, right: 25, bottom: 10, p: 0.5 }]);

    expect(findTextBoxes(map, OPTIONS)).toEqual([]);
  });

  it('drops regions thinner than the minimum side', () => {
    const map = mapWith(40, 20, [{ left: 5, top: 5, right: 35, bottom: 7, p: 0.95 }]);

    expect(findTextBoxes(map, OPTIONS)).toEqual([]);
  });

  it('ignores probabilities below the threshold and keeps separate regions apart', () => {
    const map = mapWith(50, 20, [
      { left: 0, top: 0, right: 50, bottom: 20, p: 0.25 },
      { left: 2, top: 4, right: 12, bottom: 9, p: 0.8 },
      { left: 30, top: 4, right: 45, bottom: 9, p: 0.9 },
    ]);

    const boxes = findTextBoxes(map, OPTIONS);

    expect(boxes.map((b) => b.score)).toEqual([expect.closeTo(0.8), expect.closeTo(0.9)]);
  });
});
