import type { ExpectedEvent } from './expected-event';
import type { ChainAction, ChainActionRef } from './outbox';
import type { TrackCursor } from './track-transaction';

/** An action this process holds a lease on. */
export interface Held {
  action: ChainAction;
  leaseUntil: number;
  busy: boolean;
  expected: ExpectedEvent | null;
  cursor: TrackCursor;
  /** When its bytes were last sent (0: unknown, e.g. recovered after a crash). */
  lastSentAt: number;
  /** Seen in a best block since the last send: a later miss means it was orphaned. */
  seenInBest: boolean;
}

export function refOf(h: Held): ChainActionRef {
  return { id: h.action.id, attempts: h.action.attempts };
}

export function fieldsOf(h: Held): Record<string, unknown> {
  const { action } = h;
  return {
    idempotencyKey: action.idempotencyKey,
    status: action.status,
    attempts: action.attempts,
  };
}

/** A fenced write found the action moved on (another claimer, a lapsed lease): let it go. */
export function isTransition(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'CHAIN_ACTION_TRANSITION';
}
