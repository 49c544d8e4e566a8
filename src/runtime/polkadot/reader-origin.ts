import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { AppConfig } from '../../config';
import { UserWallet } from '../../demo';
import type { Logger } from '../../shared';
import type { LocalDevnet } from '../runtime-host';

/**
 * The account the projections dry-run getters as. pallet-revive refuses dry runs from unmapped
 * accounts, so it must be mapped: READER_ORIGIN, else the worker key's account, else (bundled devnet
 * only) //Alice, which is mapped here. Null: projections stay off, with a warning.
 */
export async function resolveReaderOrigin(
  config: Pick<AppConfig, 'chain' | 'keys'>,
  devnet: LocalDevnet | null,
  log: Logger,
): Promise<string | null> {
  if (config.chain.readerOrigin) {
    return config.chain.readerOrigin;
  }
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  const seed = config.keys.workerSeed?.reveal();
  if (seed) {
    return u8aToHex(keyring.addFromUri(seed).publicKey);
  }
  if (devnet !== null) {
    const alice = keyring.addFromUri('//Alice');
    const api = await ApiPromise.create({ provider: new WsProvider(devnet.url), noInitWarn: true });
    try {
      await new UserWallet(api, alice, devnet.contracts).ensureMapped();
    } finally {
      await api.disconnect();
    }
    return u8aToHex(alice.publicKey);
  }
  log.warn('projections off: set READER_ORIGIN (a mapped account) or WORKER_SEED');
  return null;
}

/**
 * The account the /contracts probe dry-runs from (pallet-revive refuses unmapped ones): the worker
 * key when configured; on the bundled devnet with demo traffic, //Bob, whom the demo maps.
 */
export async function contractReadOrigin(
  config: Pick<AppConfig, 'keys' | 'demo'>,
  isDevnet: boolean,
): Promise<string | null> {
  const seed = config.keys.workerSeed;
  if (seed === null && !(isDevnet && config.demo.traffic)) {
    return null;
  }
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return keyring.addFromUri(seed === null ? '//Bob' : seed.reveal()).address;
}
