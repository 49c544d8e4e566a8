import type { RecordedEvent } from './chain-recorder';
import type { ChainEscrow, ChainTruth } from './judge-types';
import { jobFromEvents } from './snapshots';

/**
 * The chain as a deployment could know it: up to its finalized cursor. The getters are read once,
 * at the end of the whole run, so a deployment stopped earlier (the SQLite phase, before the
 * PostgreSQL one) must not be asked about jobs submitted, or escrows opened or settled, after it
 * stopped. An entity untouched after the cursor keeps the getter's answer; one with events after
 * it is rebuilt from its events up to the cursor; one that did not exist yet is left out.
 */
export interface ChainAtCursor {
  readonly jobs: ReadonlyMap<bigint, string>;
  readonly escrows: ReadonlyMap<bigint, ChainEscrow>;
}

export function chainAtCursor(truth: ChainTruth, cursor: number): ChainAtCursor {
  const upTo = truth.events.filter((event) => event.block <= cursor);
  const jobs = new Map<bigint, string>();
  for (const [id, job] of truth.jobs) {
    const known = jobFromEvents(upTo, id);
    if (known === null) {
      continue;
    }
    jobs.set(id, changedAfter(truth.events, 'aiJobQueue', id, cursor) ? known.status : job.status);
  }
  const escrows = new Map<bigint, ChainEscrow>();
  for (const [id, escrow] of truth.escrows) {
    const mine = upTo.filter((e) => e.contract === 'paymentEscrow' && e.fields['jobId'] === id);
    if (!mine.some((event) => event.name === 'Deposited')) {
      continue;
    }
    escrows.set(
      id,
      changedAfter(truth.events, 'paymentEscrow', id, cursor)
        ? {
            owner: escrow.owner,
            released: mine.some((event) => event.name === 'Released'),
            refunded: mine.some((event) => event.name === 'Refunded'),
          }
        : escrow,
    );
  }
  return { jobs, escrows };
}

function changedAfter(
  events: readonly RecordedEvent[],
  contract: RecordedEvent['contract'],
  id: bigint,
  cursor: number,
): boolean {
  return events.some(
    (event) => event.block > cursor && event.contract === contract && event.fields['jobId'] === id,
  );
}
