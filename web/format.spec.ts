import { formatFixed, formatMs, planckToPas, shortHex, timeAgo, unitsToPas } from './format';

describe('dashboard formatting', () => {
  it('keeps every digit of an amount exact and truncates to the fraction width', () => {
    expect(formatFixed(12_345_678_900_000n, 10)).toBe('1,234.5678');
    expect(formatFixed(2n ** 128n - 1n, 18, 2)).toBe('340,282,366,920,938,463,463.37');
    expect(formatFixed(-15n, 1, 1)).toBe('-1.5');
    expect(formatFixed(7n, 0)).toBe('7');
  });

  it('reads planck and contract units (planck × 1e8) as PAS', () => {
    expect(planckToPas('10000000000')).toBe('1.0000 PAS');
    expect(unitsToPas('1000000000000000000')).toBe('1.0000 PAS');
    expect(unitsToPas(null)).toBe('–');
  });

  it('writes durations in the unit a person reads', () => {
    expect(formatMs(850)).toBe('850 ms');
    expect(formatMs(12_340)).toBe('12.3 s');
    expect(formatMs(245_000)).toBe('4 min 05 s');
    expect(formatMs(7_380_000)).toBe('2 h 03 min');
    expect(formatMs(null)).toBe('–');
  });

  it('shortens long hex only', () => {
    expect(shortHex(`0x${'ab'.repeat(32)}`)).toBe('0xababab…ababab');
    expect(shortHex('0x1234')).toBe('0x1234');
  });

  it('says how long ago a time was', () => {
    const now = new Date('2026-01-01T00:10:00.000Z');
    expect(timeAgo('2026-01-01T00:09:48.000Z', now)).toBe('12 s ago');
    expect(timeAgo('2026-01-01T00:05:00.000Z', now)).toBe('5 min ago');
  });
});
