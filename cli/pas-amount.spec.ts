import { InvalidArgumentError } from 'commander';
import { formatPas, pasAmountOption } from './pas-amount';

describe('pasAmountOption', () => {
  const parseBudget = pasAmountOption('budget');

  it('reads whole and fractional PAS into planck (10 decimals)', () => {
    expect(parseBudget('1')).toBe(10_000_000_000n);
    expect(parseBudget('0.1')).toBe(1_000_000_000n);
    expect(parseBudget(' 2.5 ')).toBe(25_000_000_000n);
    expect(parseBudget('0.0000000001')).toBe(1n);
    expect(parseBudget('1000000')).toBe(10_000_000_000_000_000n);
  });

  it.each(['', 'abc', '-1', '+1', '1e3', '0x10', '1.', '.5', '1,5', '0.00000000001', '1 000'])(
    'refuses %j with a message naming the option',
    (raw) => {
      expect(() => parseBudget(raw)).toThrow(InvalidArgumentError);
      expect(() => parseBudget(raw)).toThrow(/^budget must be a positive PAS amount/);
    },
  );

  it('refuses zero, which would only burn the fee', () => {
    expect(() => parseBudget('0')).toThrow(/budget must be more than 0 PAS/);
    expect(() => parseBudget('0.0000000000')).toThrow(/more than 0 PAS/);
  });

  it('refuses an amount whose contract units overflow u128', () => {
    // u128::MAX / 1e8 planck ≈ 3.4e30 planck = 3.4e20 PAS
    expect(() => parseBudget('400000000000000000000')).toThrow(
      /larger than the contracts can hold/,
    );
    expect(parseBudget('300000000000000000000')).toBe(3n * 10n ** 30n);
  });
});

describe('formatPas', () => {
  it('prints planck as PAS without trailing zeros', () => {
    expect(formatPas(10_000_000_000n)).toBe('1');
    expect(formatPas(1_500_000_000n)).toBe('0.15');
    expect(formatPas(1n)).toBe('0.0000000001');
    expect(formatPas(0n)).toBe('0');
    expect(formatPas(-25_000_000_000n)).toBe('-2.5');
  });

  it('round-trips with the parser', () => {
    for (const text of ['0.1', '7', '123.4567890123']) {
      expect(formatPas(pasAmountOption('x')(text))).toBe(text);
    }
  });
});
