import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import {
  h160FromAccountId,
  CONTRACT_NAMES,
  CONTRACT_PALLET,
  type ContractName,
} from '../../src/contracts';
import { CONTRACT_MODELS } from '../contracts';
import type { ChainState } from './chain-state';

export const DEV_ACCOUNT_NAMES = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'] as const;
/** 1,000,000 PAS at 10 decimals */
export const DEV_ACCOUNT_BALANCE = 10_000_000_000_000_000n;

export function devAccountIds(): Record<(typeof DEV_ACCOUNT_NAMES)[number], string> {
  const keyring = new Keyring({ type: 'sr25519' });
  const entries = DEV_ACCOUNT_NAMES.map((name) => {
    const pair = keyring.addFromUri(`//${name[0]!.toUpperCase()}${name.slice(1)}`);
    return [name, u8aToHex(pair.publicKey)] as const;
  });
  return Object.fromEntries(entries) as Record<(typeof DEV_ACCOUNT_NAMES)[number], string>;
}

/** Dev accounts funded; the six contracts deployed by Alice (as the Paseo deploy script did). */
export function genesisState(timestamp: bigint): ChainState {
  const accounts = devAccountIds();
  const deployer = accounts.alice;
  const contracts = Object.fromEntries(
    CONTRACT_NAMES.map((name: ContractName) => {
      const admin = CONTRACT_PALLET[name] === 'revive' ? h160FromAccountId(deployer) : deployer;
      return [name, CONTRACT_MODELS[name].genesis(admin as `0x${string}`)];
    }),
  ) as Record<ContractName, unknown>;
  const state: ChainState = {
    accounts: new Map(),
    originalAccount: new Map(),
    contracts,
    totalIssuance: 0n,
    timestamp,
  };
  for (const id of Object.values(accounts)) {
    state.accounts.set(id, { nonce: 0, free: DEV_ACCOUNT_BALANCE, reserved: 0n });
    state.totalIssuance += DEV_ACCOUNT_BALANCE;
  }
  return state;
}
