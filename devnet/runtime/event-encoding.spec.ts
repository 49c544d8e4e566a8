import { u8aConcat, u8aToHex } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';
import { encodeRuntimeEvent } from './event-encoding';
import { loadRuntimeMetadata } from './runtime-metadata';

const runtime = loadRuntimeMetadata();
const ALICE = `0x${'d4'.repeat(32)}`;
const BOB = `0x${'8e'.repeat(32)}`;
const CONTRACT_H160 = `0x${'ab'.repeat(20)}`;

/** What Polkadot.js' own codecs make of the event: the reference the direct encoders must match. */
function viaCodecs(section: string, method: string, args: unknown[]): string {
  const meta = runtime.decorated.events[section]![method]!.meta;
  const pallet = runtime.metadata.asLatest.pallets.find(
    (p) => p.name.toString().toLowerCase() === section.toLowerCase(),
  )!;
  return u8aToHex(
    u8aConcat(
      new Uint8Array([pallet.index.toNumber(), meta.index.toNumber()]),
      ...meta.fields.map((field, i) =>
        runtime.registry.createType(runtime.registry.createLookupType(field.type), args[i]).toU8a(),
      ),
    ),
  );
}

const CASES: [string, string, unknown[]][] = [
  ['balances', 'Withdraw', [ALICE, 1_234_567n]],
  ['balances', 'Transfer', [ALICE, BOB, (1n << 128n) - 1n]],
  ['balances', 'Endowed', [BOB, 0n]],
  ['system', 'NewAccount', [BOB]],
  ['system', 'Remarked', [ALICE, `0x${'01'.repeat(32)}`]],
  ['transactionPayment', 'TransactionFeePaid', [ALICE, 1_001_000n, 7]],
  [
    'revive',
    'ContractEmitted',
    [CONTRACT_H160, '0x0102ff', [`0x${'0a'.repeat(32)}`, `0x${'0b'.repeat(32)}`]],
  ],
  ['revive', 'ContractEmitted', [CONTRACT_H160, '0x', []]],
  ['contracts', 'ContractEmitted', [BOB, `0x${'77'.repeat(300)}`]],
  ['contracts', 'Called', [{ Signed: ALICE }, BOB]],
  [
    'system',
    'ExtrinsicFailed',
    [
      { Module: { index: 8, error: [2, 0, 0, 0] } },
      { weight: { refTime: 1n, proofSize: 2n }, class: 'Normal', paysFee: 'Yes' },
    ],
  ],
];

describe('encodeRuntimeEvent', () => {
  it.each(CASES)('encodes %s.%s exactly as the Polkadot.js codecs do', (section, method, args) => {
    expect(u8aToHex(encodeRuntimeEvent(runtime, section, method, args))).toBe(
      viaCodecs(section, method, args),
    );
  });

  it('leaves values the direct encoders do not take to the codecs (SS58, decimal strings, bytes)', () => {
    const args = [encodeAddress(ALICE, 42), '1000000000000'];
    expect(u8aToHex(encodeRuntimeEvent(runtime, 'balances', 'Withdraw', args))).toBe(
      viaCodecs('balances', 'Withdraw', [ALICE, 1_000_000_000_000n]),
    );
    const bytes = new Uint8Array(20).fill(0xab);
    expect(
      u8aToHex(encodeRuntimeEvent(runtime, 'revive', 'ContractEmitted', [bytes, '0x00', []])),
    ).toBe(viaCodecs('revive', 'ContractEmitted', [CONTRACT_H160, '0x00', []]));
  });

  it('refuses what the codecs refuse: an amount beyond u128, an event that does not exist', () => {
    expect(() =>
      encodeRuntimeEvent(runtime, 'balances', 'Withdraw', [ALICE, 1n << 128n]),
    ).toThrow();
    expect(() => encodeRuntimeEvent(runtime, 'balances', 'Nope', [])).toThrow(/no event/);
    expect(() => encodeRuntimeEvent(runtime, 'balances', 'Withdraw', [ALICE])).toThrow(
      /takes 2 fields/,
    );
  });
});
