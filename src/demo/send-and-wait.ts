import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { DispatchError, EventRecord } from '@polkadot/types/interfaces';
import type { ISubmittableResult } from '@polkadot/types/types';

export type WaitFor = 'inBlock' | 'finalized';

export interface TxOutcome {
  blockHash: string;
  /** the records of this extrinsic only (phase ApplyExtrinsic(index)) */
  events: EventRecord[];
  isFinalized: boolean;
}

/** A signed extrinsic that the pool rejected or whose dispatch failed (ExtrinsicFailed). */
export class TransactionFailedError extends Error {
  constructor(
    message: string,
    readonly reason: string,
    readonly blockHash?: string,
  ) {
    super(message);
    this.name = 'TransactionFailedError';
  }
}

/** `Section.Name` for a module error, otherwise the error's own text. */
export function describeDispatchError(api: ApiPromise, error: DispatchError): string {
  if (error.isModule) {
    const meta = api.registry.findMetaError(error.asModule);
    return `${meta.section}.${meta.name}`;
  }
  return error.toString();
}

/**
 * Signs and submits `tx`, resolves once it is in a block (or finalized, with `waitFor: 'finalized'`)
 * and its dispatch succeeded. Rejects with TransactionFailedError on ExtrinsicFailed or when the pool
 * drops, invalidates or usurps it.
 *
 * Polkadot.js fetches a block's events before reporting `inBlock`; when finality lands first it
 * reports only `finalized`, so `waitFor: 'inBlock'` also settles on a `finalized` status.
 */
export function sendAndWait(
  api: ApiPromise,
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
  waitFor: WaitFor = 'inBlock',
): Promise<TxOutcome> {
  return new Promise<TxOutcome>((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let settled = false;
    const settle = (action: () => void): void => {
      if (!settled) {
        settled = true;
        unsubscribe?.();
        action();
      }
    };
    const onStatus = (result: ISubmittableResult): void => {
      const { status } = result;
      if (result.isError) {
        const reason = status.type;
        settle(() => reject(new TransactionFailedError(`transaction ${reason}`, reason)));
        return;
      }
      const isFinalized = status.isFinalized;
      if (!isFinalized && !(status.isInBlock && waitFor === 'inBlock')) {
        return;
      }
      const blockHash = (isFinalized ? status.asFinalized : status.asInBlock).toHex();
      settle(() => {
        try {
          resolve({ blockHash, events: checkSucceeded(api, result, blockHash), isFinalized });
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    };
    tx.signAndSend(signer, onStatus)
      .then((unsub) => {
        if (settled) {
          unsub();
        } else {
          unsubscribe = unsub;
        }
      })
      .catch((err: unknown) =>
        settle(() =>
          reject(
            new TransactionFailedError(
              `transaction rejected: ${err instanceof Error ? err.message : String(err)}`,
              'rejected',
            ),
          ),
        ),
      );
  });
}

function checkSucceeded(
  api: ApiPromise,
  result: ISubmittableResult,
  blockHash: string,
): EventRecord[] {
  if (result.dispatchError) {
    const reason = describeDispatchError(api, result.dispatchError);
    throw new TransactionFailedError(`extrinsic failed: ${reason}`, reason, blockHash);
  }
  const succeeded = result.events.some(
    ({ event }) => event.section === 'system' && event.method === 'ExtrinsicSuccess',
  );
  if (!succeeded) {
    throw new TransactionFailedError(
      'extrinsic has no ExtrinsicSuccess event',
      'NoSuccessEvent',
      blockHash,
    );
  }
  return result.events;
}
