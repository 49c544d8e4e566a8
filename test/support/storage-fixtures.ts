import type { NewChainAction } from '../../src/chain/tx';
import type { NewChainEvent, NewQuarantinedEvent } from '../../src/chain/follower';
import type { BlockRef, Clock } from '../../src/shared';
import type { StorageContext } from '../../src/storage';

export { ManualClock } from '../../src/shared/testing/manual-clock';

/** A deterministic block ref; `fork` tells sibling blocks at the same height apart. */
export function blockRef(number: bigint, fork = 0): BlockRef {
  const hash = `0x${fork.toString(16).padStart(2, '0')}${number.toString(16).padStart(62, '0')}`;
  return { number, hash };
}

export function newChainEvent(overrides: Partial<NewChainEvent> = {}): NewChainEvent {
  return {
    block: blockRef(1n),
    eventIndex: 0,
    extrinsicIndex: 1,
    isFinal: false,
    pallet: 'revive',
    contract: 'aiJobQueue',
    contractAddress: '0x00000000000000000000000000000000000000aa',
    eventName: 'JobSubmitted',
    topics: ['0x' + '11'.repeat(32)],
    dataHex: '0x0102',
    decoded: { jobId: 1n, owner: '0x' + 'ab'.repeat(20) },
    ...overrides,
  };
}

export function newQuarantinedEvent(
  overrides: Partial<NewQuarantinedEvent> = {},
): NewQuarantinedEvent {
  return {
    block: blockRef(1n),
    eventIndex: 0,
    extrinsicIndex: null,
    isFinal: false,
    pallet: 'contracts',
    contractAddress: '0x' + 'cd'.repeat(32),
    reason: 'unknown event selector 0xdeadbeef',
    topics: ['0xDEADBEEF'],
    dataHex: '0xFFFF',
    ...overrides,
  };
}

export function newChainAction(overrides: Partial<NewChainAction> = {}): NewChainAction {
  return {
    idempotencyKey: 'job:42:mark_completed',
    contract: 'aiJobQueue',
    message: 'mark_completed',
    args: { jobId: 42n },
    signerRole: 'provider',
    ...overrides,
  };
}

/** A storage context with a manual clock and sequential ids (`<prefix>-000001`, …). */
export function testStorageContext(clock: Clock, prefix = 'id'): StorageContext {
  let next = 0;
  return {
    clock,
    newId: () => {
      next += 1;
      return `${prefix}-${next.toString().padStart(6, '0')}`;
    },
  };
}
