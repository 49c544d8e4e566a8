import type { ContractEvent, Escrow } from '../contracts';
import {
  END_OF_BLOCK_SEQ,
  isAfter,
  type EventPosition,
  type ProjectedEscrow,
} from './projection-types';

export type EscrowEvent = Extract<ContractEvent, { contract: 'paymentEscrow' }>;

/**
 * payment_escrow (§4.7). `Deposited` (re)creates the record: after a release or refund a new
 * deposit overwrites it with a new owner. Escrows cannot be enumerated, so an event for an escrow
 * the projection does not know adopts `snapshot` (`get_escrow` at the block, i.e. the state after
 * the whole block) and is marked applied up to the block's end.
 */
export function reduceEscrow(
  current: ProjectedEscrow | null,
  event: EscrowEvent,
  at: EventPosition,
  snapshot: Escrow | null | undefined,
): ProjectedEscrow | null {
  if (current !== null && !isAfter(at, current.updated)) {
    return null;
  }
  const { jobId } = event.fields;
  if (event.name === 'Deposited') {
    return {
      jobId,
      owner: event.fields.owner,
      provider: event.fields.provider,
      amount: event.fields.amount,
      released: false,
      refunded: false,
      depositedBlock: at.block,
      updated: at,
    };
  }
  if (current === null) {
    return snapshot
      ? {
          jobId,
          ...snapshot,
          depositedBlock: null,
          updated: { block: at.block, seq: END_OF_BLOCK_SEQ },
        }
      : null;
  }
  switch (event.name) {
    case 'ProviderSet':
      return { ...current, provider: event.fields.provider, updated: at };
    case 'Released':
      return { ...current, released: true, amount: 0n, updated: at };
    case 'Refunded':
      return { ...current, refunded: true, amount: 0n, updated: at };
  }
}

/** An escrow as `get_escrow` returns it. */
export function escrowView(escrow: ProjectedEscrow): Escrow {
  const { owner, provider, amount, released, refunded } = escrow;
  return { owner, provider, amount, released, refunded };
}
