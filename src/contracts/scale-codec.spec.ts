import { compactToU8a, hexToU8a, u8aToHex } from '@polkadot/util';
import { encodeValue } from './scale-codec';
import { decodeValue } from './scale-reader';
import { option, struct, T, tuple, unitEnum, vec } from './scale-type';

describe('SCALE primitives (spec §2.1)', () => {
  it.each([
    [T.u32, 1000, '0xe8030000'],
    [T.u64, 1n, '0x0100000000000000'],
    [T.u128, 10n ** 18n, '0x000064a7b3b6e00d0000000000000000'],
    [T.u256, 2n ** 64n + 5n, '0x0500000000000000' + '0100000000000000' + '00'.repeat(16)],
    [T.bool, true, '0x01'],
    [T.string, 'm', '0x046d'],
    [option(T.h160), null, '0x00'],
    [option(T.u32), 1, '0x0101000000'],
    [vec(T.u128), [1n, 2n], '0x08' + '01' + '00'.repeat(15) + '02' + '00'.repeat(15)],
    [tuple(T.u32, T.u128, T.bool), [5, 0n, false], '0x05000000' + '00'.repeat(16) + '00'],
    [unitEnum('JobStatus', ['Registered', 'Assigned', 'InProgress']), 'InProgress', '0x02'],
  ] as const)('%j: %p <-> %s', (type, value, hex) => {
    expect(u8aToHex(encodeValue(type, value, 'v'))).toBe(hex);
    expect(decodeValue(type, hexToU8a(hex), 'v')).toEqual(value);
  });

  it.each([1, 63, 64, 16383, 16384, 70000])(
    'uses the canonical compact length prefix for a %i-byte string',
    (n) => {
      const text = 'a'.repeat(n);
      const bytes = encodeValue(T.string, text, 'v');
      expect(u8aToHex(bytes.subarray(0, bytes.length - n))).toBe(u8aToHex(compactToU8a(n)));
      expect(decodeValue(T.string, bytes, 'v')).toBe(text);
    },
  );

  it('encodes structs field by field in declaration order', () => {
    const pair = struct('Pair', [
      ['first_value', T.u8],
      ['second', T.bool],
    ]);
    expect(u8aToHex(encodeValue(pair, { firstValue: 7, second: true }, 'p'))).toBe('0x0701');
    expect(() => encodeValue(pair, { second: true }, 'p')).toThrow(
      /p: Pair fields missing firstValue/,
    );
  });
});

describe('decoder strictness (as parity-scale-codec)', () => {
  it.each([
    ['a bool byte of 2', T.bool, '0x02', /invalid tag byte 2/],
    ['an Option tag of 2', option(T.u32), '0x02', /invalid tag byte 2/],
    ['an enum index out of range', unitEnum('E', ['A', 'B']), '0x02', /invalid tag byte 2/],
    ['a non-canonical 2-byte compact', T.string, '0x0500', /non-canonical compact length 1/],
    ['a non-canonical 4-byte compact', T.string, '0x06000000', /non-canonical compact length 1/],
    ['a big-integer compact', T.string, '0x07' + '00'.repeat(5), /non-canonical or oversized/],
    ['a length beyond the input', T.string, '0x0861', /length 2 exceeds the 1 remaining/],
    ['a truncated u128', T.u128, '0x0100', /input too short \(need 16 byte\(s\), have 2\)/],
    ['trailing bytes', T.u32, '0x0100000000', /1 trailing byte/],
    ['invalid UTF-8', T.string, '0x04c3', /not valid UTF-8/],
  ])('rejects %s', (_what, type, hex, message) => {
    expect(() => decodeValue(type, hexToU8a(hex), 'v')).toThrow(message);
  });
});
