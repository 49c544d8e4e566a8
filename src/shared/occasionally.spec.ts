import { occasionally } from './occasionally';

describe('occasionally', () => {
  it('reports once per period and counts what it left out', () => {
    let now = 1_000;
    const reports: number[] = [];
    const report = occasionally(10_000, () => now);
    for (const at of [1_000, 2_000, 5_000, 10_999, 11_000, 11_001, 30_000]) {
      now = at;
      report((skipped) => reports.push(skipped));
    }
    expect(reports).toEqual([0, 3, 1]);
  });
});
