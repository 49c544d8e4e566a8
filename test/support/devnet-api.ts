import '@polkadot/api-augment/substrate';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import type { ISubmittableResult } from '@polkadot/types/types';
import { startDevnet, type Devnet, type DevnetOptions } from '../../devnet/devnet';

export interface DevnetApi {
  devnet: Devnet;
  api: ApiPromise;
  keyring: Keyring;
  close(): Promise<void>;
}

/** A devnet on a free loopback port and a real Polkadot.js client connected to it. */
export async function startDevnetApi(options: DevnetOptions = {}): Promise<DevnetApi> {
  const devnet = await startDevnet({ port: 0, instant: true, ...options });
  const api = await ApiPromise.create({ provider: new WsProvider(devnet.url), noInitWarn: true });
  return {
    devnet,
    api,
    keyring: new Keyring({ type: 'sr25519', ss58Format: 42 }),
    close: async () => {
      await api.disconnect();
      await devnet.stop();
    },
  };
}

export interface TxOutcome {
  statuses: string[];
  blockHash: string;
  events: EventRecord[];
  success: boolean;
  /** `section.name` of the dispatch error when the extrinsic failed */
  error?: string;
  result: ISubmittableResult;
}

/** Signs and sends; resolves at InBlock, or at Finalized when asked. */
export function sendTx(
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
  until: 'inBlock' | 'finalized' = 'inBlock',
  options: { nonce?: number } = {},
): Promise<TxOutcome> {
  const statuses: string[] = [];
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, options, (result) => {
      statuses.push(result.status.type);
      if (result.status.isDropped || result.status.isInvalid || result.status.isUsurped) {
        reject(new Error(`transaction ${result.status.type}`));
        return;
      }
      // a client may see Finalized without InBlock: Polkadot.js drops a status still being processed
      const done = result.status.isFinalized || (until === 'inBlock' && result.status.isInBlock);
      if (!done) {
        return;
      }
      const failed = result.dispatchError;
      let error: string | undefined;
      if (failed?.isModule) {
        const meta = tx.registry.findMetaError(failed.asModule);
        error = `${meta.section}.${meta.name}`;
      } else if (failed) {
        error = failed.type;
      }
      resolve({
        statuses,
        blockHash: (result.status.isInBlock
          ? result.status.asInBlock
          : result.status.asFinalized
        ).toHex(),
        events: result.events,
        success: !failed,
        error,
        result,
      });
    }).catch(reject);
  });
}
