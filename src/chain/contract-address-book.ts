import { u8aToHex } from '@polkadot/util';
import {
  accountIdBytes,
  h160Bytes,
  CONTRACT_PALLET,
  type ContractName,
  type ContractPallet,
} from '../contracts';

export interface ContractEntry {
  readonly name: ContractName;
  readonly pallet: ContractPallet;
  /** H160 (revive) or AccountId32 (contracts), lowercase `0x` hex. */
  readonly address: string;
}

/**
 * The configured contracts, looked up by pallet and raw address bytes (H160: 20 bytes,
 * AccountId32: 32 bytes), never by SS58 spelling. Invalid configured addresses throw at construction.
 */
export class ContractAddressBook {
  private readonly byKey = new Map<string, ContractEntry>();
  private readonly byName = new Map<ContractName, ContractEntry>();

  constructor(addresses: Readonly<Partial<Record<ContractName, string>>>) {
    for (const [name, raw] of Object.entries(addresses) as [ContractName, string | undefined][]) {
      if (raw === undefined) {
        continue;
      }
      const pallet = CONTRACT_PALLET[name];
      const bytes = pallet === 'revive' ? h160Bytes(raw) : accountIdBytes(raw);
      const entry: ContractEntry = { name, pallet, address: u8aToHex(bytes) };
      this.byKey.set(key(pallet, bytes), entry);
      this.byName.set(name, entry);
    }
  }

  /** The contract at `address` (raw bytes) on `pallet`, or undefined when it is not configured. */
  find(pallet: ContractPallet, address: Uint8Array): ContractEntry | undefined {
    return this.byKey.get(key(pallet, address));
  }

  get(name: ContractName): ContractEntry | undefined {
    return this.byName.get(name);
  }
}

function key(pallet: ContractPallet, bytes: Uint8Array): string {
  return `${pallet}:${u8aToHex(bytes)}`;
}
