import v8 from 'node:v8';
import { u8aConcat } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a } from '@polkadot/util-crypto';
import type { ChainState } from './chain-state';

/**
 * Hashes of contract states already seen. A block shares every contract state it did not touch
 * with its parent (see `forkState`), and block states are sealed before they are hashed, so one
 * object always hashes the same: each block hashes only what it changed.
 */
const contractHashes = new WeakMap<object, Uint8Array>();

function contractHash(value: unknown): Uint8Array {
  const cached =
    typeof value === 'object' && value !== null ? contractHashes.get(value) : undefined;
  if (cached) {
    return cached;
  }
  const hash = blake2AsU8a(v8.serialize(value), 256);
  if (typeof value === 'object' && value !== null) {
    contractHashes.set(value, hash);
  }
  return hash;
}

/**
 * The devnet's state root: a blake2-256 commitment to the whole state (the accounts, the mapped
 * addresses, issuance, time and each contract's state), not a Merkle trie root; it only has to
 * change whenever the state does.
 */
export function stateRoot(state: ChainState): string {
  const { accounts, originalAccount, totalIssuance, timestamp } = state;
  const parts = [
    blake2AsU8a(v8.serialize({ accounts, originalAccount, totalIssuance, timestamp }), 256),
  ];
  for (const name of Object.keys(state.contracts).sort()) {
    parts.push(contractHash(state.contracts[name as keyof ChainState['contracts']]));
  }
  return blake2AsHex(u8aConcat(...parts), 256);
}
