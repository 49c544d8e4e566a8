import { successRate } from './service-stats-query';

describe('successRate', () => {
  it('is null before any job finished', () => {
    expect(successRate(0, 0)).toBeNull();
  });

  it('is a percentage with two decimals', () => {
    expect(successRate(2, 1)).toBe(66.67);
    expect(successRate(5, 0)).toBe(100);
    expect(successRate(0, 3)).toBe(0);
  });
});
