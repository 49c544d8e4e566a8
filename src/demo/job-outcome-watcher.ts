import type { ApiPromise } from '@polkadot/api';
import type { Header } from '@polkadot/types/interfaces';
import {
  ContractGateway,
  type ContractEvent,
  type WalletContractAddresses,
} from './contract-gateway';

/** How an ai_job_queue job ended, as seen in a finalized block. */
export type JobOutcome =
  | {
      status: 'Completed';
      jobId: bigint;
      /** from JobCompleted: the result hash is not stored in the contract */
      resultHash: string;
      provider: string;
      blockNumber: number;
      blockHash: string;
    }
  | { status: 'Cancelled'; jobId: bigint; blockNumber: number; blockHash: string };

export interface WatchJobOptions {
  /** first block to look at, e.g. the block the job was submitted in */
  fromBlock: number;
  signal?: AbortSignal;
  /** called once per finalized block looked at */
  onBlock?: (blockNumber: number) => void;
}

/** The finalized-block scan stopped before the job ended (aborted, or the connection failed). */
export class JobWatchStoppedError extends Error {
  override readonly name = 'JobWatchStoppedError';
}

/**
 * Resolves when the job's JobCompleted or JobCancelled event is in a finalized block. Every block
 * from `fromBlock` to the finalized head is read in order, so none is skipped when finality jumps
 * several blocks at once; the result hash comes from the event (the contract does not store it).
 */
export function watchJobOutcome(
  api: ApiPromise,
  addresses: WalletContractAddresses,
  jobId: bigint,
  options: WatchJobOptions,
): Promise<JobOutcome> {
  const gateway = new ContractGateway(api, addresses);
  let next = options.fromBlock;
  let scanning: Promise<JobOutcome | null> = Promise.resolve(null);

  const scanTo = async (head: number): Promise<JobOutcome | null> => {
    for (; next <= head; next++) {
      const blockHash = (await api.rpc.chain.getBlockHash(next)).toHex();
      const records = await api.query['system']?.['events']?.at(blockHash);
      const events = gateway.decodeEvents(records ?? []);
      options.onBlock?.(next);
      const outcome = outcomeIn(events, jobId, next, blockHash);
      if (outcome) {
        return outcome;
      }
    }
    return null;
  };

  return new Promise<JobOutcome>((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let done = false;
    const finish = (action: () => void) => {
      if (!done) {
        done = true;
        unsubscribe?.();
        options.signal?.removeEventListener('abort', onAbort);
        action();
      }
    };
    const onAbort = () => finish(() => reject(new JobWatchStoppedError('stopped watching')));
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const onHead = (header: Header) => {
      const head = header.number.toNumber();
      scanning = scanning
        .then((found) => found ?? (done ? null : scanTo(head)))
        .then((found) => {
          if (found) {
            finish(() => resolve(found));
          }
          return found;
        })
        .catch((err: unknown) => {
          finish(() => reject(err instanceof Error ? err : new Error(String(err))));
          return null;
        });
    };
    api.rpc.chain
      .subscribeFinalizedHeads(onHead)
      .then((unsub) => {
        if (done) {
          unsub();
        } else {
          unsubscribe = unsub;
        }
      })
      .catch((err: unknown) =>
        finish(() => reject(err instanceof Error ? err : new Error(String(err)))),
      );
  });
}

/** The job's terminal ai_job_queue event among a block's decoded events, if any. */
export function outcomeIn(
  events: readonly ContractEvent[],
  jobId: bigint,
  blockNumber: number,
  blockHash: string,
): JobOutcome | null {
  for (const event of events) {
    if (event.contract !== 'aiJobQueue' || event.args['jobId'] !== jobId) {
      continue;
    }
    if (event.name === 'JobCompleted') {
      return {
        status: 'Completed',
        jobId,
        resultHash: String(event.args['resultHash']),
        provider: String(event.args['provider']),
        blockNumber,
        blockHash,
      };
    }
    if (event.name === 'JobCancelled') {
      return { status: 'Cancelled', jobId, blockNumber, blockHash };
    }
  }
  return null;
}
