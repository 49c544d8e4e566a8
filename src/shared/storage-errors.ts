/**
 * Errors raised by the storage adapters. Each carries a stable `code` so that callers (and later the
 * shared AppError hierarchy) can branch without parsing messages; the original error is kept as `cause`.
 * They live here, not in src/storage, because the ports that promise them (cursor, outbox, lease,
 * paging) live in several modules; src/storage/storage-errors.ts adds the adapter's own.
 */

export type StorageErrorCode =
  | 'DATABASE_URL_INVALID'
  | 'DATABASE_UNAVAILABLE'
  | 'MIGRATION_FAILED'
  | 'INVALID_VALUE'
  | 'STALE_CURSOR'
  | 'CHAIN_ACTION_TRANSITION'
  | 'IDEMPOTENCY_KEY_CONFLICT'
  | 'LEASE_LOST';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A value handed to (or read from) storage is malformed: bad hex, bad cursor, non-finite number. */
export class InvalidStorageValueError extends StorageError {
  constructor(message: string, details: Readonly<Record<string, unknown>>) {
    super('INVALID_VALUE', message, details);
  }
}

/**
 * The cursor moved since the caller read it: another follower is running on the same lane, or this
 * one lost track. Callers must stop, not retry blindly (STYLE §6).
 */
export class StaleCursorError extends StorageError {
  constructor(lane: string, expectedVersion: number) {
    super(
      'STALE_CURSOR',
      `chain cursor '${lane}' is not at version ${expectedVersion}; another follower may be running`,
      { lane, expectedVersion },
    );
  }
}

/**
 * A fenced write found that its lease tenure is over (another instance took the lease over, or it
 * was released); the transaction was rolled back. The writer must stop.
 */
export class LeaseLostError extends StorageError {
  constructor(name: string, holder: string, token: bigint) {
    super('LEASE_LOST', `lease '${name}' is no longer held by ${holder} with token ${token}`, {
      name,
      holder,
      token: token.toString(),
    });
  }
}

/** A chain action was not in a state (or at the attempt) that allows the requested transition. */
export class ChainActionTransitionError extends StorageError {
  constructor(id: string, attempts: number, to: string, allowedFrom: readonly string[]) {
    super(
      'CHAIN_ACTION_TRANSITION',
      `chain action ${id} (attempt ${attempts}) cannot move to '${to}': it is not in ${allowedFrom.join('|')} at that attempt`,
      { id, attempts, to, allowedFrom },
    );
  }
}

/** An idempotency key was reused for a different contract call. */
export class IdempotencyKeyConflictError extends StorageError {
  constructor(idempotencyKey: string, existing: string, requested: string) {
    super(
      'IDEMPOTENCY_KEY_CONFLICT',
      `idempotency key '${idempotencyKey}' already names ${existing}, not ${requested}`,
      { idempotencyKey, existing, requested },
    );
  }
}
