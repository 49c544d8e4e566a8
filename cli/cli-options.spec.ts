import { InvalidArgumentError } from 'commander';
import { integerOption, parseHost, parsePort } from './cli-options';

describe('integerOption', () => {
  const parseLag = integerOption('lag', 0, 10);

  it('accepts integers within the range, surrounding spaces included', () => {
    expect(parseLag('0')).toBe(0);
    expect(parseLag(' 10 ')).toBe(10);
  });

  it.each(['', 'abc', '1.5', '1e3', '0x10', '-1', '11', '9007199254740993'])(
    'rejects %j with a message naming the option and its range',
    (raw) => {
      expect(() => parseLag(raw)).toThrow(InvalidArgumentError);
      expect(() => parseLag(raw)).toThrow(/lag must be an integer from 0 to 10/);
    },
  );

  it('lets port 0 through (a free port) but nothing above 65535', () => {
    expect(parsePort('0')).toBe(0);
    expect(() => parsePort('65536')).toThrow(InvalidArgumentError);
  });
});

describe('parseHost', () => {
  it('rejects an empty host', () => {
    expect(() => parseHost('  ')).toThrow(/host must not be empty/);
    expect(parseHost('0.0.0.0')).toBe('0.0.0.0');
  });
});
