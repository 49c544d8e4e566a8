import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { RawRpcClient } from './raw-rpc-client';

/** Mortal era length for pre-signed transfers: long enough to outlive any bench phase. */
const ERA_PERIOD = 4096;

export type PresignedOutcome = 'in-block' | 'dropped' | 'rejected' | 'timeout';

export interface PresignedTally {
  ok: number;
  failed: number;
  outcomes: Record<PresignedOutcome, number>;
}

/**
 * Signs `perAccount` `balances.transferKeepAlive` extrinsics for each sender (consecutive nonces
 * from the node's next index, a mortal era born at the current best block), ahead of the measured
 * phase; returns their hex, one list per sender.
 */
export async function presignTransfers(
  api: ApiPromise,
  senders: readonly KeyringPair[],
  perAccount: number,
  to: string,
  amount: bigint,
): Promise<string[][]> {
  const transfer = api.tx['balances']?.['transferKeepAlive'];
  if (!transfer) {
    throw new Error('the runtime has no balances.transferKeepAlive');
  }
  const header = await api.rpc.chain.getHeader();
  const era = api.registry.createType('ExtrinsicEra', {
    current: header.number.toNumber(),
    period: ERA_PERIOD,
  });
  const lanes: string[][] = [];
  for (const sender of senders) {
    const first = (await api.rpc.system.accountNextIndex(sender.address)).toNumber();
    const lane: string[] = [];
    for (let i = 0; i < perAccount; i++) {
      const tx = transfer(to, amount);
      await tx.signAsync(sender, { nonce: first + i, era, blockHash: header.hash });
      lane.push(tx.toHex());
    }
    lanes.push(lane);
  }
  return lanes;
}

/** Submits one extrinsic with `author_submitAndWatchExtrinsic` and waits for it to be in a block. */
function submitAndWatch(
  client: RawRpcClient,
  hex: string,
  timeoutMs: number,
): Promise<PresignedOutcome> {
  return new Promise((resolve) => {
    let done = false;
    let subscription: string | undefined;
    const finish = (outcome: PresignedOutcome) => {
      if (done) {
        return;
      }
      done = true;
      clearTimeout(timer);
      if (subscription !== undefined) {
        client.forget(subscription);
        client.call('author_unwatchExtrinsic', [subscription]).catch(() => undefined);
      }
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const onStatus = (status: unknown) => {
      if (typeof status === 'object' && status !== null) {
        if ('inBlock' in status || 'finalized' in status) {
          finish('in-block');
        }
      } else if (status === 'dropped' || status === 'invalid') {
        finish('dropped');
      }
    };
    client.subscribe('author_submitAndWatchExtrinsic', [hex], onStatus).then(
      (id) => {
        subscription = id;
        if (done) {
          client.forget(id);
        }
      },
      () => finish('rejected'),
    );
  });
}

/**
 * Each lane (one sender) submits its pre-signed extrinsics one after another, each waiting for its
 * block before the next, over the given raw connections; all lanes run at once. The client does
 * no decoding at all, so the rate is the node's.
 */
export async function runPresignedLanes(
  clients: readonly RawRpcClient[],
  lanes: readonly string[][],
  isOpen: () => boolean,
  timeoutMs: number,
): Promise<PresignedTally> {
  const outcomes: Record<PresignedOutcome, number> = {
    'in-block': 0,
    dropped: 0,
    rejected: 0,
    timeout: 0,
  };
  await Promise.all(
    lanes.map(async (lane, i) => {
      const client = clients[i % clients.length]!;
      for (const hex of lane) {
        if (!isOpen()) {
          return;
        }
        outcomes[await submitAndWatch(client, hex, timeoutMs)] += 1;
      }
    }),
  );
  const ok = outcomes['in-block'];
  return { ok, failed: outcomes.dropped + outcomes.rejected + outcomes.timeout, outcomes };
}
