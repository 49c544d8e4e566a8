import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import {
  accountIdFromH160,
  accountIdHex,
  h160FromAccountId,
  isEthDerived,
  normalizeH160,
  sameAccount,
  toSs58,
} from './address';
import { PASEO_CONTRACT_ADDRESSES } from './contract-addresses';

// Spec §1.2 / §2.2.
const ALICE_HEX = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const ALICE_SS58 = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_H160 = '0x9621dde636de098b43efb0fa9b61facfe328f99d';

describe('account forms', () => {
  it("maps Alice's AccountId to H160 0x9621…f99d (keccak256(accountId)[12..32])", () => {
    expect(h160FromAccountId(ALICE_HEX)).toBe(ALICE_H160);
    expect(h160FromAccountId(ALICE_SS58)).toBe(ALICE_H160);
  });

  it('matches the //Alice key from the keyring', async () => {
    await cryptoWaitReady();
    const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
    expect(u8aToHex(alice.publicKey)).toBe(ALICE_HEX);
    expect(alice.address).toBe(ALICE_SS58);
    expect(h160FromAccountId(alice.publicKey)).toBe(ALICE_H160);
  });

  it('converts SS58 <-> hex', () => {
    expect(accountIdHex(ALICE_SS58)).toBe(ALICE_HEX);
    expect(accountIdHex(ALICE_HEX.toUpperCase().replace('0X', '0x'))).toBe(ALICE_HEX);
    expect(toSs58(ALICE_HEX)).toBe(ALICE_SS58);
    // Same key, Polkadot prefix 0: a different string, the same account.
    const polkadot = toSs58(ALICE_HEX, 0);
    expect(polkadot).toBe('15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5');
    expect(accountIdHex(polkadot)).toBe(ALICE_HEX);
    expect(sameAccount(polkadot, ALICE_SS58)).toBe(true);
  });

  it('round-trips eth-derived accounts: H160 + 12 × 0xEE maps back to its H160', () => {
    const eth = '0x1234567890abcdef1234567890abcdef12345678';
    const accountId = accountIdFromH160(eth);
    expect(accountId).toBe(`${eth}${'ee'.repeat(12)}`);
    expect(isEthDerived(accountId)).toBe(true);
    expect(isEthDerived(ALICE_HEX)).toBe(false);
    expect(h160FromAccountId(accountId)).toBe(eth);
    expect(accountIdFromH160(h160FromAccountId(accountId))).toBe(accountId);
  });

  it('normalizes H160 case and compares accounts by bytes', () => {
    expect(normalizeH160('0x9621DDE636DE098B43EFB0FA9B61FACFE328F99D')).toBe(ALICE_H160);
    expect(sameAccount('0x9621DDE636DE098B43EFB0FA9B61FACFE328F99D', ALICE_H160)).toBe(true);
    expect(sameAccount(ALICE_SS58, ALICE_H160)).toBe(true);
    expect(sameAccount(ALICE_H160, ALICE_HEX)).toBe(true);
    expect(sameAccount(ALICE_HEX, `0x${'00'.repeat(32)}`)).toBe(false);
    expect(sameAccount(ALICE_H160, `0x${'00'.repeat(20)}`)).toBe(false);
  });

  it.each([
    [
      'a short hex AccountId',
      () => accountIdHex('0xd435'),
      /expected an AccountId as 0x \+ 64 hex digits/,
    ],
    [
      'an H160 given as AccountId',
      () => accountIdHex(ALICE_H160),
      /this is an H160; see accountIdFromH160/,
    ],
    [
      'a bad SS58 checksum',
      () => accountIdHex('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ'),
      /invalid SS58 address/,
    ],
    [
      '31 bytes',
      () => accountIdHex(new Uint8Array(31)),
      /expected 32 bytes for an AccountId, got 31/,
    ],
    ['a number', () => accountIdHex(5 as unknown as string), /got number/],
    [
      'a non-hex H160',
      () => normalizeH160('0xzz21dde636de098b43efb0fa9b61facfe328f99d'),
      /expected an H160 as 0x \+ 40 hex digits/,
    ],
    [
      'an H160 without 0x',
      () => normalizeH160('9621dde636de098b43efb0fa9b61facfe328f99d'),
      /expected an H160/,
    ],
    ['19 bytes', () => normalizeH160(new Uint8Array(19)), /expected 20 bytes for an H160, got 19/],
    ['a bad SS58 prefix', () => toSs58(ALICE_HEX, -1), /invalid SS58 prefix -1/],
    [
      'garbage in sameAccount',
      () => sameAccount('hello', ALICE_HEX),
      /invalid SS58 address "hello"/,
    ],
  ])('rejects %s with a clear error', (_what, run, message) => {
    expect(run).toThrow(message);
  });
});

describe('PASEO_CONTRACT_ADDRESSES', () => {
  it('holds the spec §1.2 addresses, normalized', () => {
    expect(PASEO_CONTRACT_ADDRESSES.paymentEscrow).toEqual({
      pallet: 'revive',
      h160: '0x5a86a13ef7fc1c5e58f022be183de015dfb702ae',
      codeHash: '0x7bfff2dbd2e6783b711fa04a552b3646809e52d70cf35f13ed9f0ee27346bcb4',
    });
    expect(PASEO_CONTRACT_ADDRESSES.aiJobQueue).toMatchObject({
      pallet: 'revive',
      h160: '0xa44639cd0d0e6c6607491088c9c549e184456122',
    });
    expect(PASEO_CONTRACT_ADDRESSES.computeProviderRegistry).toMatchObject({
      h160: '0x2c6fc00458f198f46ef072e1516b83cd56db7cf5',
    });
    expect(PASEO_CONTRACT_ADDRESSES.dataNftRegistry).toMatchObject({
      h160: '0x6dc84ddeffccb19ed5285cf3c3d7b03a57a9a4b1',
    });
    for (const [name, ss58] of [
      ['phalaJobProcessor', '5HrKZAiTSAFcuxda89kSD77ZdygRUkufwRnGKgfGFR4NC2np'],
      ['mevProtection', '5DTPZHSHydkPQZbTFrhnHtZiDER7uoKSzdYHuCUXVAtjajXs'],
    ] as const) {
      const entry = PASEO_CONTRACT_ADDRESSES[name];
      expect(entry).toMatchObject({ pallet: 'contracts', ss58 });
      expect(entry.pallet === 'contracts' && entry.accountId).toMatch(/^0x[0-9a-f]{64}$/);
      expect(entry.pallet === 'contracts' && toSs58(entry.accountId)).toBe(ss58);
    }
  });
});
