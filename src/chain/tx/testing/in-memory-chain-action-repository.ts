import {
  ChainActionTransitionError,
  IdempotencyKeyConflictError,
  type BlockRef,
  type Clock,
  type JsonValue,
} from '../../../shared';
import {
  CHAIN_ACTION_STATUSES,
  type ChainAction,
  type ChainActionRef,
  type ChainActionRepository,
  type ChainActionStatus,
  type NewChainAction,
  type SignedTxRecord,
} from '../outbox';

const CLAIMABLE: readonly ChainActionStatus[] = ['pending', 'claimed'];
const ACTIVE: readonly ChainActionStatus[] = ['pending', 'claimed', 'submitted', 'included'];
const IN_FLIGHT: readonly ChainActionStatus[] = ['submitted', 'included'];
const LEASED: readonly ChainActionStatus[] = ['claimed', 'submitted', 'included'];

/**
 * `ChainActionRepository` in memory, for unit tests of the transaction manager;
 * `chainActionRepositoryContract` checks it against the SQL repository. Transitions are fenced by
 * (id, attempts, status) as the SQL UPDATEs are; rows come back as copies.
 */
export class InMemoryChainActionRepository implements ChainActionRepository {
  private readonly rows = new Map<string, ChainAction>();
  private nextId = 1;

  constructor(private readonly clock: Clock) {}

  enqueue(action: NewChainAction): Promise<{ action: ChainAction; isNew: boolean }> {
    const existing = [...this.rows.values()].find(
      (a) => a.idempotencyKey === action.idempotencyKey,
    );
    if (existing !== undefined) {
      if (existing.contract !== action.contract || existing.message !== action.message) {
        return Promise.reject(
          new IdempotencyKeyConflictError(
            action.idempotencyKey,
            `${existing.contract}.${existing.message}`,
            `${action.contract}.${action.message}`,
          ),
        );
      }
      return Promise.resolve({ action: copy(existing), isNew: false });
    }
    const now = this.clock.now();
    const row: ChainAction = {
      id: `action-${String(this.nextId++).padStart(6, '0')}`,
      idempotencyKey: action.idempotencyKey,
      contract: action.contract,
      message: action.message,
      // stored as JSON, as the SQL column does (bigints become decimal strings)
      args: JSON.parse(
        JSON.stringify(action.args, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      ) as JsonValue,
      value: action.value ?? 0n,
      signerRole: action.signerRole,
      status: 'pending',
      attempts: 0,
      lastError: null,
      txHash: null,
      includedIn: null,
      finalizedBlockHash: null,
      createdAt: now,
      updatedAt: now,
      nextAttemptAt: action.notBefore ?? now,
      signedTx: null,
    };
    this.rows.set(row.id, row);
    return Promise.resolve({ action: copy(row), isNew: true });
  }

  get(id: string): Promise<ChainAction | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row === undefined ? null : copy(row));
  }

  findByKey(idempotencyKey: string): Promise<ChainAction | null> {
    const row = [...this.rows.values()].find((a) => a.idempotencyKey === idempotencyKey);
    return Promise.resolve(row === undefined ? null : copy(row));
  }

  findByKeys(idempotencyKeys: readonly string[]): Promise<ChainAction[]> {
    const rows = [...this.rows.values()].filter((a) => idempotencyKeys.includes(a.idempotencyKey));
    return Promise.resolve(rows.map(copy));
  }

  claimNext(leaseMs: number): Promise<ChainAction | null> {
    return this.claimOne(leaseMs, CLAIMABLE, 'claimed');
  }

  claimNextInFlight(leaseMs: number): Promise<ChainAction | null> {
    return this.claimOne(leaseMs, IN_FLIGHT, null);
  }

  markSubmitted(ref: ChainActionRef, txHash: string): Promise<ChainAction> {
    return this.transition(ref, 'submitted', ['claimed'], { txHash });
  }

  recordSignedTx(ref: ChainActionRef, tx: SignedTxRecord, leaseUntil: Date): Promise<ChainAction> {
    return this.transition(ref, 'submitted', ['claimed', 'submitted'], {
      txHash: tx.txHash,
      signedTx: tx,
      includedIn: null,
      nextAttemptAt: leaseUntil,
    });
  }

  extendLease(ref: ChainActionRef, leaseUntil: Date): Promise<ChainAction> {
    // status and updated time unchanged, as in SQL
    return this.write(ref, LEASED, 'lease', (row) => ({ ...row, nextAttemptAt: leaseUntil }));
  }

  markIncluded(ref: ChainActionRef, block: BlockRef): Promise<ChainAction> {
    return this.transition(ref, 'included', ['submitted', 'included'], { includedIn: block });
  }

  markFinalized(ref: ChainActionRef, blockHash: string): Promise<ChainAction> {
    return this.transition(ref, 'finalized', ['submitted', 'included'], {
      finalizedBlockHash: blockHash,
    });
  }

  reschedule(ref: ChainActionRef, error: string, notBefore: Date): Promise<ChainAction> {
    return this.transition(ref, 'pending', ['claimed', 'submitted', 'included'], {
      lastError: error,
      nextAttemptAt: notBefore,
      includedIn: null,
    });
  }

  markFailed(ref: ChainActionRef, error: string): Promise<ChainAction> {
    return this.transition(ref, 'failed', ACTIVE, { lastError: error });
  }

  listByStatus(statuses: readonly ChainActionStatus[], limit: number): Promise<ChainAction[]> {
    const rows = [...this.rows.values()]
      .filter((a) => statuses.includes(a.status))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compare(a.id, b.id));
    return Promise.resolve(rows.slice(0, limit).map(copy));
  }

  countByStatus(): Promise<Record<ChainActionStatus, number>> {
    const counts = Object.fromEntries(CHAIN_ACTION_STATUSES.map((s) => [s, 0])) as Record<
      ChainActionStatus,
      number
    >;
    for (const row of this.rows.values()) {
      counts[row.status] += 1;
    }
    return Promise.resolve(counts);
  }

  private claimOne(
    leaseMs: number,
    from: readonly ChainActionStatus[],
    to: ChainActionStatus | null,
  ): Promise<ChainAction | null> {
    if (!Number.isSafeInteger(leaseMs) || leaseMs <= 0) {
      return Promise.reject(new RangeError('lease must be a positive integer of ms'));
    }
    const now = this.clock.now();
    const [due] = [...this.rows.values()]
      .filter((a) => from.includes(a.status) && a.nextAttemptAt.getTime() <= now.getTime())
      .sort(
        (a, b) =>
          a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() ||
          a.createdAt.getTime() - b.createdAt.getTime() ||
          compare(a.id, b.id),
      );
    if (due === undefined) {
      return Promise.resolve(null);
    }
    const claimed: ChainAction = {
      ...due,
      status: to ?? due.status,
      attempts: due.attempts + 1,
      nextAttemptAt: new Date(now.getTime() + leaseMs),
      updatedAt: now,
    };
    this.rows.set(due.id, claimed);
    return Promise.resolve(copy(claimed));
  }

  private transition(
    ref: ChainActionRef,
    to: ChainActionStatus,
    allowedFrom: readonly ChainActionStatus[],
    patch: Partial<ChainAction>,
  ): Promise<ChainAction> {
    return this.write(ref, allowedFrom, to, (row) => ({
      ...row,
      ...patch,
      status: to,
      updatedAt: this.clock.now(),
    }));
  }

  /** Rewrites the row held under `ref` when it is in one of `allowedFrom`; fenced like SQL. */
  private write(
    ref: ChainActionRef,
    allowedFrom: readonly ChainActionStatus[],
    to: string,
    change: (row: ChainAction) => ChainAction,
  ): Promise<ChainAction> {
    const row = this.rows.get(ref.id);
    if (row === undefined || row.attempts !== ref.attempts || !allowedFrom.includes(row.status)) {
      return Promise.reject(new ChainActionTransitionError(ref.id, ref.attempts, to, allowedFrom));
    }
    const written = change(row);
    this.rows.set(row.id, written);
    return Promise.resolve(copy(written));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function copy(action: ChainAction): ChainAction {
  return structuredClone(action);
}
