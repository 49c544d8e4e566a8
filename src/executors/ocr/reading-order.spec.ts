import fc from 'fast-check';
import { groupIntoLines, type Extent } from './reading-order';

function box(name: string, left: number, top: number, right: number, bottom: number) {
  return { name, left, top, right, bottom };
}

const names = (lines: { name: string }[][]) => lines.map((line) => line.map((b) => b.name));

describe('groupIntoLines', () => {
  const page = [
    box('world', 120, 12, 200, 42),
    box('second', 10, 60, 110, 90),
    box('hello', 10, 10, 100, 40),
    box('line', 130, 64, 190, 92),
    box('third', 10, 110, 90, 140),
  ];

  it('orders lines top to bottom and boxes left to right within a line', () => {
    expect(names(groupIntoLines(page))).toEqual([
      ['hello', 'world'],
      ['second', 'line'],
      ['third'],
    ]);
  });

  it('keeps a box that overlaps a line by less than half its height on a line of its own', () => {
    const lines = groupIntoLines([box('a', 0, 0, 50, 30), box('b', 60, 20, 110, 50)]);

    expect(names(lines)).toEqual([['a'], ['b']]);
  });

  it('does not depend on the order the boxes come in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(page, { minLength: page.length }), (shuffled) => {
        expect(names(groupIntoLines(shuffled))).toEqual(names(groupIntoLines(page)));
      }),
    );
  });

  it('returns no lines for no boxes', () => {
    expect(groupIntoLines<Extent>([])).toEqual([]);
  });
});
