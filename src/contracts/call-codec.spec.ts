import { Abi } from '@polkadot/api-contract';
import { compactStripLength, hexToU8a, u8aToHex } from '@polkadot/util';
import { decodeCall, decodeConstructorCall, encodeCall } from './call-codec';
import { CONTRACT_SPECS } from './contract-catalogue';
import { decodeReturn, encodeReturn, LANG_ERROR_COULD_NOT_READ_INPUT } from './return-codec';
import { DEPLOYED_ABI_FILES, readAbiFile, type RawAbi } from './testing/abi-file';
import { polkadotPrimitive } from './testing/polkadot-primitive';
import { SAMPLE_VARIANTS, sampleValue } from './testing/sample-value';
import { CONTRACT_NAMES, type ContractName } from './types';

const cases = CONTRACT_NAMES.flatMap((contract) =>
  CONTRACT_SPECS[contract].messages.flatMap((message) =>
    SAMPLE_VARIANTS.map((variant) => ({
      contract,
      message,
      variant,
      label: `${contract}.${message.name} #${variant}`,
    })),
  ),
);

function sampleArgs(
  message: (typeof cases)[number]['message'],
  variant: 0 | 1 | 2,
): Record<string, unknown> {
  return Object.fromEntries(message.args.map((a) => [a.name, sampleValue(a.type, variant)]));
}

describe('spec worked examples', () => {
  it('submit_job("m", "d", 1000, true) encodes to 0x22d514f9 04 6d 04 64 e8030000 01 (spec §2.1)', () => {
    const data = encodeCall('aiJobQueue', 'submit_job', {
      modelRef: 'm',
      dataRef: 'd',
      deadline: 1000,
      privacyRequired: true,
    });
    expect(u8aToHex(data)).toBe('0x22d514f9046d0464e803000001');
  });

  it('encodes U256 as 32 little-endian bytes and H160 as 20 raw bytes (deposit_for_job / get_escrow)', () => {
    expect(
      u8aToHex(
        encodeCall('paymentEscrow', 'deposit_for_job', {
          jobId: 1n,
          provider: '0x9621DDE636DE098B43EFB0FA9B61FACFE328F99D',
        }),
      ),
    ).toBe('0x3ef41400' + '01' + '00'.repeat(15) + '9621dde636de098b43efb0fa9b61facfe328f99d');
    const escrow = {
      owner: '0x9621dde636de098b43efb0fa9b61facfe328f99d',
      provider: null,
      amount: 10n ** 18n,
      released: false,
      refunded: true,
    };
    expect(u8aToHex(encodeReturn('paymentEscrow', 'get_escrow', escrow))).toBe(
      '0x00' +
        '01' +
        '9621dde636de098b43efb0fa9b61facfe328f99d' +
        '00' +
        '000064a7b3b6e00d' +
        '00'.repeat(24) +
        '00' +
        '01',
    );
  });

  it('get_batch_stats returns the tuple [number, bigint, boolean]', () => {
    const bytes = hexToU8a('0x00' + '05000000' + 'e8030000000000000000000000000000' + '01');
    expect(decodeReturn('mevProtection', 'get_batch_stats', bytes)).toEqual({
      ok: true,
      value: [5, 1000n, true],
    });
  });
});

describe('every message of every contract', () => {
  const abis = new Map<ContractName, { abi: Abi; raw: RawAbi }>();
  const abiOf = (contract: ContractName) => {
    let entry = abis.get(contract);
    if (!entry) {
      const raw = readAbiFile(DEPLOYED_ABI_FILES[contract]);
      entry = { abi: new Abi(raw as unknown as Record<string, unknown>), raw };
      abis.set(contract, entry);
    }
    return entry;
  };

  it.each(cases)(
    '$label: call data round-trips and equals Polkadot.js Abi encoding',
    ({ contract, message, variant }) => {
      const args = sampleArgs(message, variant);
      const data = encodeCall(contract, message.name, args);
      const decoded = message.isConstructor
        ? decodeConstructorCall(contract, data)
        : decodeCall(contract, data);
      expect(decoded).toEqual({ message: message.name, args });

      const { abi } = abiOf(contract);
      const abiMessage = message.isConstructor
        ? abi.findConstructor(message.name)
        : abi.findMessage(message.name);
      const viaAbi = compactStripLength(abiMessage.toU8a(message.args.map((a) => args[a.name])))[1];
      expect(u8aToHex(data)).toBe(u8aToHex(viaAbi));
    },
  );

  it.each(cases)(
    '$label: return value round-trips and decodes the same with Polkadot.js',
    ({ contract, message, variant }) => {
      const value = sampleValue(message.returnType, variant);
      const bytes = encodeReturn(contract, message.name, value);
      expect(decodeReturn(contract, message.name, bytes)).toEqual({ ok: true, value });

      const { abi, raw } = abiOf(contract);
      const list = message.isConstructor ? raw.spec.constructors : raw.spec.messages;
      const typeId = list.find((m) => m.label === message.name)?.returnType.type;
      const viaAbi = abi.registry.createType(`Lookup${typeId}`, bytes);
      expect(viaAbi.encodedLength).toBe(bytes.length);
      expect(u8aToHex(viaAbi.toU8a())).toBe(u8aToHex(bytes));
      expect(viaAbi.toPrimitive()).toEqual({ ok: polkadotPrimitive(message.returnType, value) });
    },
  );
});

describe('decodeCall rejects what the contract would answer with CouldNotReadInput', () => {
  const good = encodeCall('aiJobQueue', 'assign_provider', {
    jobId: 7n,
    provider: '0x9621dde636de098b43efb0fa9b61facfe328f99d',
  });

  it('decodes the good call', () => {
    expect(decodeCall('aiJobQueue', good)).toEqual({
      message: 'assign_provider',
      args: { jobId: 7n, provider: '0x9621dde636de098b43efb0fa9b61facfe328f99d' },
    });
    expect(decodeCall('aiJobQueue', u8aToHex(good))?.message).toBe('assign_provider');
  });

  it.each([
    ['an unknown selector', hexToU8a('0xdeadbeef')],
    ['a selector of another contract', encodeCall('dataNftRegistry', 'burn', { tokenId: 1n })],
    ['the constructor selector', encodeCall('aiJobQueue', 'new', { minBudget: 1000n })],
    ['fewer than 4 bytes', hexToU8a('0x8ac7')],
    ['truncated arguments', good.subarray(0, good.length - 1)],
    ['trailing garbage', new Uint8Array([...good, 0])],
    ['an invalid bool byte', hexToU8a('0x22d514f9046d0464e803000002')],
    ['invalid UTF-8', hexToU8a('0x22d514f904ff0464e803000001')],
    ['a non-canonical compact length', hexToU8a('0x22d514f90500' + '6d' + '0464e803000001')],
    ['odd-length hex', '0x8ac752e'],
  ])('returns null for %s', (_what, data) => {
    expect(decodeCall('aiJobQueue', data)).toBeNull();
  });
});

describe('decodeReturn', () => {
  it('reports LangError::CouldNotReadInput', () => {
    expect(u8aToHex(LANG_ERROR_COULD_NOT_READ_INPUT)).toBe('0x0101');
    expect(decodeReturn('aiJobQueue', 'get_job', LANG_ERROR_COULD_NOT_READ_INPUT)).toEqual({
      ok: false,
      error: 'CouldNotReadInput',
    });
  });

  it.each([
    ['empty input', 'get_job', '0x', /empty input/],
    ['an unknown prefix', 'get_job', '0x02', /prefix byte 0x02/],
    ['an unknown LangError variant', 'get_job', '0x0100', /malformed LangError/],
    ['a truncated value', 'get_job_counter', '0x00' + '01'.repeat(15), /too short/],
    ['trailing bytes', 'get_job_counter', '0x00' + '00'.repeat(16) + 'ff', /trailing/],
    ['an invalid Option tag', 'get_job', '0x0002', /invalid tag byte 2/],
    [
      'an invalid enum index',
      'get_job',
      '0x0001' + '00'.repeat(16) + '11'.repeat(20) + '00' + '00' + '00'.repeat(16) + '09',
      /invalid tag byte 9/,
    ],
  ])('throws a clear error for %s', (_what, message, hex, error) => {
    expect(() => decodeReturn('aiJobQueue', message, hex)).toThrow(error);
  });
});

describe('encoder input validation', () => {
  const assign = (args: Record<string, unknown>) => () =>
    encodeCall('aiJobQueue', 'assign_provider', args);

  it.each([
    [
      'a number for a u128',
      { jobId: 1, provider: '0x9621dde636de098b43efb0fa9b61facfe328f99d' },
      /aiJobQueue\.assign_provider\.jobId: expected a bigint/,
    ],
    [
      'a negative bigint',
      { jobId: -1n, provider: '0x9621dde636de098b43efb0fa9b61facfe328f99d' },
      /jobId: -1 is out of range/,
    ],
    [
      'a u128 overflow',
      { jobId: 2n ** 128n, provider: '0x9621dde636de098b43efb0fa9b61facfe328f99d' },
      /jobId: .* out of range for a 128-bit/,
    ],
    [
      'bad hex',
      { jobId: 1n, provider: '0x9621dde636de098b43efb0fa9b61facfe328f9zz' },
      /provider: expected an H160/,
    ],
    ['a short H160', { jobId: 1n, provider: '0x9621' }, /provider: expected an H160/],
    ['a missing argument', { jobId: 1n }, /missing provider/],
    [
      'an unexpected argument',
      { jobId: 1n, provider: '0x9621dde636de098b43efb0fa9b61facfe328f99d', extra: 1 },
      /unexpected extra/,
    ],
  ])('rejects %s naming the field', (_what, args, message) => {
    expect(assign(args)).toThrow(message);
  });

  it('rejects out-of-range and fractional u32 / u8 numbers, bigints for u32, and lone surrogates', () => {
    const submit =
      (deadline: unknown, modelRef: unknown = 'm') =>
      () =>
        encodeCall('aiJobQueue', 'submit_job', {
          modelRef,
          dataRef: 'd',
          deadline,
          privacyRequired: false,
        });
    expect(submit(2 ** 32)).toThrow(/deadline: 4294967296 is out of range for a 32-bit/);
    expect(submit(1.5)).toThrow(/deadline: expected an integer number/);
    expect(submit(5n)).toThrow(/deadline: expected an integer number/);
    expect(submit(1, '\uD800')).toThrow(/modelRef: string is not valid Unicode/);
    expect(() =>
      encodeCall('dataNftRegistry', 'mint', {
        dataUri: 'u',
        privacyLevel: 256,
        accessPrice: 0n,
        isTransferable: true,
      }),
    ).toThrow(/privacyLevel: 256 is out of range for a 8-bit/);
  });

  it('rejects unknown contracts, messages and malformed return values', () => {
    expect(() => encodeCall('nope' as ContractName, 'x', {})).toThrow(/unknown contract "nope"/);
    expect(() => encodeCall('aiJobQueue', 'release_to_provider', { jobId: 1n })).toThrow(
      /aiJobQueue has no message "release_to_provider"/,
    );
    expect(() => encodeReturn('aiJobQueue', 'get_job', { id: 1n })).toThrow(
      /aiJobQueue\.get_job\.return: Job fields missing owner/,
    );
    expect(() => encodeReturn('mevProtection', 'get_batch_stats', [1, 2n])).toThrow(
      /get_batch_stats\.return: expected a tuple of 3 items/,
    );
    expect(() => encodeReturn('aiJobQueue', 'get_job', undefined)).toThrow(
      /expected Job or null, got undefined/,
    );
  });

  it('accepts camelCase message names too', () => {
    expect(encodeCall('aiJobQueue', 'getJobCounter', {})).toEqual(hexToU8a('0x80a32d2e'));
  });
});
