import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ISubmittableResult } from '@polkadot/types/types';

/**
 * `finalized-first`: Polkadot.js reported Finalized without InBlock. Its status pipeline
 * (`switchMap` in submittable/createClass) drops the InBlock result when the Finalized status
 * arrives while it still fetches that block's events, which happens on a loaded machine with the
 * devnet's 200 ms instant-mode finality delay. The transaction was in a block all the same.
 */
export type TransferOutcome =
  'in-block' | 'finalized-first' | 'failed' | 'dropped' | 'timeout' | 'error';

const SUCCESSES: readonly TransferOutcome[] = ['in-block', 'finalized-first'];

/**
 * Signs and sends one `balances.transferKeepAlive` (nonce from the node, as wallets do) and waits
 * for InBlock. Only a block (InBlock, or Finalized first) with System.ExtrinsicSuccess among the
 * extrinsic's events counts as a success.
 */
export function sendTransfer(
  api: ApiPromise,
  from: KeyringPair,
  to: string,
  amount: bigint,
  timeoutMs: number,
): Promise<TransferOutcome> {
  const transfer = api.tx['balances']?.['transferKeepAlive'];
  if (!transfer) {
    return Promise.reject(new Error('the runtime has no balances.transferKeepAlive'));
  }
  return new Promise((resolve) => {
    let done = false;
    let unsubscribe: (() => void) | undefined;
    const finish = (outcome: TransferOutcome) => {
      if (done) {
        return;
      }
      done = true;
      clearTimeout(timer);
      unsubscribe?.();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const onStatus = (result: ISubmittableResult) => {
      const { status } = result;
      if (status.isInBlock || status.isFinalized) {
        const succeeded = result.events.some(
          ({ event }) => event.section === 'system' && event.method === 'ExtrinsicSuccess',
        );
        finish(succeeded ? (status.isInBlock ? 'in-block' : 'finalized-first') : 'failed');
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        finish('dropped');
      }
    };
    transfer(to, amount)
      .signAndSend(from, onStatus)
      .then(
        (unsub) => {
          if (done) {
            unsub();
          } else {
            unsubscribe = unsub;
          }
        },
        () => finish('error'),
      );
  });
}

export interface TransferLane {
  api: ApiPromise;
  from: KeyringPair;
}

export interface TransferTally {
  ok: number;
  failed: number;
  outcomes: Record<TransferOutcome, number>;
}

/**
 * Each lane sends up to `perLane` transfers one after another (waiting InBlock each); all lanes
 * run at once. Stops starting new transfers once `isOpen()` is false.
 */
export async function runTransferLanes(
  lanes: readonly TransferLane[],
  perLane: number,
  to: string,
  isOpen: () => boolean,
  timeoutMs: number,
): Promise<TransferTally> {
  const outcomes: Record<TransferOutcome, number> = {
    'in-block': 0,
    'finalized-first': 0,
    failed: 0,
    dropped: 0,
    timeout: 0,
    error: 0,
  };
  await Promise.all(
    lanes.map(async ({ api, from }) => {
      for (let i = 0; i < perLane && isOpen(); i++) {
        outcomes[await sendTransfer(api, from, to, 1_000_000_000n, timeoutMs)] += 1;
      }
    }),
  );
  const ok = SUCCESSES.reduce((sum, outcome) => sum + outcomes[outcome], 0);
  return { ok, failed: Object.values(outcomes).reduce((a, b) => a + b, 0) - ok, outcomes };
}
