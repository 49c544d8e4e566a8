import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { Logger } from '../src/shared';
import type { AppConfig } from '../src/config';
import { defaultContractAddresses } from '../devnet/devnet';
import { UserWallet } from '../src/demo';

/**
 * The account the projections dry-run getters as. pallet-revive refuses dry runs from unmapped
 * accounts, so it must be mapped: READER_ORIGIN, else the worker key's account, else (bundled devnet
 * only) //Alice, which is mapped here. Null: projections stay off, with a warning.
 */
export async function resolveReaderOrigin(
  config: AppConfig,
  devnetUrl: string | undefined,
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
  if (devnetUrl) {
    const alice = keyring.addFromUri('//Alice');
    const api = await ApiPromise.create({ provider: new WsProvider(devnetUrl), noInitWarn: true });
    try {
      await new UserWallet(api, alice, defaultContractAddresses()).ensureMapped();
    } finally {
      await api.disconnect();
    }
    return u8aToHex(alice.publicKey);
  }
  log.warn('projections off: set READER_ORIGIN (a mapped account) or WORKER_SEED');
  return null;
}
