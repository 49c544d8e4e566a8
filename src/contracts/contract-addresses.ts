/** Deployed addresses on Paseo Pop (abis/paseo-deployments.json, spec §1.2), normalized. */
import deployments from '../../abis/paseo-deployments.json';
import { accountIdHex, normalizeH160, toSs58 } from './address';
import type { Hex } from './contract-spec';
import {
  CONTRACT_NAMES,
  CONTRACT_PALLET,
  type AccountIdHex,
  type ContractName,
  type H160,
} from './types';

export type ContractAddress =
  /** ink! v6 on pallet-revive. */
  | { pallet: 'revive'; h160: H160; codeHash: Hex }
  /** ink! 5 on pallet-contracts; compare by `accountId`, the SS58 (prefix 42) is for display. */
  | { pallet: 'contracts'; accountId: AccountIdHex; ss58: string; codeHash: Hex };

const HASH_HEX = /^0x[0-9a-f]{64}$/;

function loadAddresses(): Readonly<Record<ContractName, ContractAddress>> {
  const entries = CONTRACT_NAMES.map((name): [ContractName, ContractAddress] => {
    const { address, codeHash } = deployments.contracts[name];
    if (!HASH_HEX.test(codeHash)) {
      throw new Error(`paseo-deployments.json: invalid codeHash for ${name}`);
    }
    const hash = codeHash as Hex;
    if (CONTRACT_PALLET[name] === 'revive') {
      return [name, { pallet: 'revive', h160: normalizeH160(address), codeHash: hash }];
    }
    const accountId = accountIdHex(address);
    return [name, { pallet: 'contracts', accountId, ss58: toSs58(accountId, 42), codeHash: hash }];
  });
  return Object.freeze(Object.fromEntries(entries) as Record<ContractName, ContractAddress>);
}

export const PASEO_CONTRACT_ADDRESSES: Readonly<Record<ContractName, ContractAddress>> =
  loadAddresses();
