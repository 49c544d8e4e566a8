import type { ContractEvent, ProviderProfile } from '../contracts';
import {
  END_OF_BLOCK_SEQ,
  isAfter,
  type EventPosition,
  type ProjectedProvider,
} from './projection-types';

export type ProviderEvent = Extract<ContractEvent, { contract: 'computeProviderRegistry' }>;

const U128_MAX = (1n << 128n) - 1n;

/**
 * compute_provider_registry (§5.6). `snapshot` is `get_provider` at the event's block (state
 * after the block). Registration takes stake and compute units from the event and the rest from
 * the snapshot; stake events are deltas. Providers cannot be enumerated, so any event of an
 * unknown provider adopts the snapshot, marked applied up to the block's end (deltas later in the
 * same block are then skipped: the snapshot already holds them).
 */
export function reduceProvider(
  current: ProjectedProvider | null,
  event: ProviderEvent,
  at: EventPosition,
  snapshot: ProviderProfile | null | undefined,
): ProjectedProvider | null {
  if (current !== null && !isAfter(at, current.updated)) {
    return null;
  }
  const { provider } = event.fields;
  if (event.name === 'ProviderRegistered') {
    return {
      provider,
      endpoint: snapshot?.endpoint ?? '',
      computeUnits: event.fields.computeUnits,
      hourlyRate: snapshot?.hourlyRate ?? 0n,
      registeredAt: snapshot?.registeredAt ?? 0n,
      isActive: snapshot?.isActive ?? true,
      stake: event.fields.stake,
      reputationScore: snapshot?.reputationScore ?? 100,
      registeredBlock: at.block,
      updated: at,
    };
  }
  if (current === null) {
    return snapshot
      ? { ...snapshot, registeredBlock: null, updated: { block: at.block, seq: END_OF_BLOCK_SEQ } }
      : null;
  }
  switch (event.name) {
    case 'ProviderUpdated':
      return {
        ...current,
        endpoint: event.fields.endpoint,
        hourlyRate: event.fields.hourlyRate,
        updated: at,
      };
    case 'ProviderActiveChanged':
      return { ...current, isActive: event.fields.isActive, updated: at };
    case 'StakeAdded': {
      const stake = current.stake + event.fields.amount;
      return { ...current, stake: stake > U128_MAX ? U128_MAX : stake, updated: at };
    }
    case 'StakeWithdrawn': {
      const stake = current.stake - event.fields.amount;
      return { ...current, stake: stake < 0n ? 0n : stake, updated: at };
    }
    case 'ReputationUpdated':
      return { ...current, reputationScore: event.fields.score, updated: at };
  }
}

/** A provider as `get_provider` returns it. */
export function providerView(p: ProjectedProvider): ProviderProfile {
  const { provider, endpoint, computeUnits, hourlyRate, registeredAt, isActive, stake } = p;
  return {
    provider,
    endpoint,
    computeUnits,
    hourlyRate,
    registeredAt,
    isActive,
    stake,
    reputationScore: p.reputationScore,
  };
}
