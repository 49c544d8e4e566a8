import { labelComponents } from './connected-components';

/** Parses a picture like `['#..', '.##']` into a mask. */
function mask(rows: string[]): { data: Uint8Array; width: number; height: number } {
  const width = rows[0]?.length ?? 0;
  const data = Uint8Array.from(rows.join('').split(''), (c) => (c === '#' ? 1 : 0));
  return { data, width, height: rows.length };
}

function labelled(rows: string[]): string[] {
  const m = mask(rows);
  const { labels } = labelComponents(m.data, m.width, m.height);
  return rows.map((_, y) => Array.from(labels.subarray(y * m.width, (y + 1) * m.width)).join(''));
}

describe('labelComponents', () => {
  it('numbers separate blobs in raster order of their first pixel', () => {
    expect(labelled(['##..#', '##..#', '.....', '..##.'])).toEqual([
      '11002',
      '11002',
      '00000',
      '00330',
    ]);
  });

  it('joins pixels that touch only diagonally (8-connectivity)', () => {
    expect(labelled(['#..', '.#.', '..#'])).toEqual(['100', '010', '001']);
    expect(labelled(['..#', '.#.', '#..'])).toEqual(['001', '010', '100']);
  });

  it('merges branches that meet further down (a U shape)', () => {
    expect(labelled(['#.#.#', '#.#.#', '###.#'])).toEqual(['10102', '10102', '11102']);
  });

  it('counts components and finds none in an empty mask', () => {
    const m = mask(['#.#', '...', '#.#']);
    expect(labelComponents(m.data, m.width, m.height).count).toBe(4);
    const empty = mask(['...', '...']);
    expect(labelComponents(empty.data, empty.width, empty.height).count).toBe(0);
  });
});
