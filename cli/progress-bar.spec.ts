import { formatProgress } from './progress-bar';

describe('formatProgress', () => {
  it('draws the share of blocks done', () => {
    const line = formatProgress({ lane: 'finalized', from: 1n, to: 100n, current: 25n, events: 7 });
    expect(line).toContain('#25/100 (25%)');
    expect(line).toContain('7 events');
    expect(line.match(/#/g)!.length - 1).toBe(Math.round(0.25 * 30));
  });

  it('is full when the target is reached, even for a single block', () => {
    expect(
      formatProgress({ lane: 'finalized', from: 5n, to: 5n, current: 5n, events: 0 }),
    ).toContain('(100%)');
  });
});
