import { hexToU8a } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { ContractAddressBook } from './contract-address-book';

const QUEUE = '0xA44639CD0D0E6C6607491088C9C549E184456122';
const PHALA = '5HrKZAiTSAFcuxda89kSD77ZdygRUkufwRnGKgfGFR4NC2np';

describe('ContractAddressBook', () => {
  const book = new ContractAddressBook({ aiJobQueue: QUEUE, phalaJobProcessor: PHALA });

  it('finds a revive contract by its 20 bytes, whatever the configured case', () => {
    const entry = book.find('revive', hexToU8a(QUEUE.toLowerCase()));
    expect(entry).toEqual({ name: 'aiJobQueue', pallet: 'revive', address: QUEUE.toLowerCase() });
  });

  it('finds a contracts-pallet contract by its 32 bytes, not by its SS58 spelling', () => {
    const entry = book.find('contracts', decodeAddress(PHALA));
    expect(entry?.name).toBe('phalaJobProcessor');
    expect(entry?.address).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('ignores other addresses and the wrong pallet', () => {
    expect(book.find('revive', new Uint8Array(20))).toBeUndefined();
    expect(book.find('contracts', hexToU8a(QUEUE))).toBeUndefined();
  });

  it('rejects a malformed address at construction', () => {
    expect(() => new ContractAddressBook({ aiJobQueue: '0x1234' })).toThrow();
    expect(() => new ContractAddressBook({ mevProtection: QUEUE })).toThrow();
  });
});
