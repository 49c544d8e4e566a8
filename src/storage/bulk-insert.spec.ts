import { BulkInsert } from './bulk-insert';

const columns = Array.from({ length: 14 }, (_, i) => `c${i}`);
const insert = new BulkInsert('chain_events', columns, ['c0']);
const sum = (sizes: number[]) => sizes.reduce((a, b) => a + b, 0);

describe('BulkInsert.chunkSizes', () => {
  it.each([0, 1, 7, 50, 1_600, 5_000])('covers all %i rows on both dialects', (count) => {
    expect(sum(insert.chunkSizes('sqlite', count))).toBe(count);
    expect(sum(insert.chunkSizes('postgres', count))).toBe(count);
  });

  it('uses powers of two on SQLite, so a few statement texts are prepared per table', () => {
    expect(insert.chunkSizes('sqlite', 1_600)).toEqual([1_024, 512, 64]);
    expect(insert.chunkSizes('sqlite', 50)).toEqual([32, 16, 2]);
  });

  it('uses full chunks and one remainder on PostgreSQL, one round trip each', () => {
    expect(insert.chunkSizes('postgres', 1_600)).toEqual([1_024, 576]);
    expect(insert.chunkSizes('postgres', 50)).toEqual([50]);
  });

  it("stays under SQLite's 32,766 bound parameters for wide rows", () => {
    const wide = new BulkInsert(
      'chain_events',
      Array.from({ length: 40 }, (_, i) => `c${i}`),
      ['c0'],
    );
    const largest = Math.max(...wide.chunkSizes('sqlite', 10_000));
    expect(largest * 40).toBeLessThanOrEqual(32_766);
    expect(largest).toBe(512);
  });
});
