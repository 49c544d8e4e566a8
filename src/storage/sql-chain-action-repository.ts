import type { Kysely, Updateable } from 'kysely';
import {
  CHAIN_ACTION_STATUSES,
  type ChainAction,
  type ChainActionRef,
  type ChainActionRepository,
  type ChainActionStatus,
  type NewChainAction,
  type SignedTxRecord,
} from '../chain/tx';
import type {
  ChainActionTimingBounds,
  ChainActionTimings,
  ChainActionTimingsReader,
} from '../observability';
import {
  ChainActionTransitionError,
  IdempotencyKeyConflictError,
  InvalidStorageValueError,
  type BlockRef,
} from '../shared';
import type { DialectName } from './database';
import type { ChainActionsTable, DatabaseSchema } from './schema';
import { toChainAction, toStatus } from './sql-chain-action-rows';
import { readChainActionTimings } from './sql-chain-action-timings';
import { checkLimit, encodeJson, toDecimal, toHex, toInt, toTimestamp } from './sql-values';
import type { StorageContext } from './storage-context';

const CLAIMABLE: readonly ChainActionStatus[] = ['pending', 'claimed'];
const ACTIVE: readonly ChainActionStatus[] = ['pending', 'claimed', 'submitted', 'included'];
const IN_FLIGHT: readonly ChainActionStatus[] = ['submitted', 'included'];
const LEASED: readonly ChainActionStatus[] = ['claimed', 'submitted', 'included'];

/**
 * ChainActionRepository on `chain_actions`. Idempotency comes from the unique idempotency key;
 * transitions are fenced by (id, attempts, current status) in the UPDATE's WHERE clause.
 */
export class SqlChainActionRepository implements ChainActionRepository, ChainActionTimingsReader {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: DialectName,
    private readonly context: StorageContext,
  ) {}

  async enqueue(action: NewChainAction): Promise<{ action: ChainAction; isNew: boolean }> {
    const now = this.context.clock.now();
    const row = {
      id: this.context.newId(),
      idempotency_key: action.idempotencyKey,
      contract: action.contract,
      message: action.message,
      args: encodeJson(action.args),
      value: toDecimal(action.value ?? 0n, 'value'),
      signer_role: action.signerRole,
      status: 'pending',
      attempts: 0,
      last_error: null,
      tx_hash: null,
      included_block_number: null,
      included_block_hash: null,
      finalized_block_hash: null,
      created_at: toTimestamp(now),
      updated_at: toTimestamp(now),
      next_attempt_at: toTimestamp(action.notBefore ?? now),
      signer_address: null,
      tx_nonce: null,
      tx_bytes: null,
      era_birth: null,
      era_death: null,
      signed_at: null,
    };
    // Insert-or-return-existing. A concurrent inserter of the same key either committed (then the
    // read below sees its row) or rolled back (then the next insert wins), hence the short retry.
    for (let round = 0; round < 3; round += 1) {
      const inserted = await this.db
        .insertInto('chain_actions')
        .values(row)
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted !== undefined) {
        return { action: toChainAction(inserted), isNew: true };
      }
      const existing = await this.findByKey(action.idempotencyKey);
      if (existing !== null) {
        if (existing.contract !== action.contract || existing.message !== action.message) {
          throw new IdempotencyKeyConflictError(
            action.idempotencyKey,
            `${existing.contract}.${existing.message}`,
            `${action.contract}.${action.message}`,
          );
        }
        return { action: existing, isNew: false };
      }
    }
    throw new InvalidStorageValueError('could not insert or read chain action', {
      idempotencyKey: action.idempotencyKey,
    });
  }

  async get(id: string): Promise<ChainAction | null> {
    const row = await this.db
      .selectFrom('chain_actions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? null : toChainAction(row);
  }

  async findByKey(idempotencyKey: string): Promise<ChainAction | null> {
    const row = await this.db
      .selectFrom('chain_actions')
      .selectAll()
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return row === undefined ? null : toChainAction(row);
  }

  async findByKeys(idempotencyKeys: readonly string[]): Promise<ChainAction[]> {
    if (idempotencyKeys.length === 0) {
      return [];
    }
    const rows = await this.db
      .selectFrom('chain_actions')
      .selectAll()
      .where('idempotency_key', 'in', idempotencyKeys)
      .execute();
    return rows.map(toChainAction);
  }

  claimNext(leaseMs: number): Promise<ChainAction | null> {
    return this.claimOne(leaseMs, CLAIMABLE, 'claimed');
  }

  claimNextInFlight(leaseMs: number): Promise<ChainAction | null> {
    return this.claimOne(leaseMs, IN_FLIGHT, null);
  }

  private async claimOne(
    leaseMs: number,
    from: readonly ChainActionStatus[],
    to: ChainActionStatus | null,
  ): Promise<ChainAction | null> {
    if (!Number.isSafeInteger(leaseMs) || leaseMs <= 0) {
      throw new InvalidStorageValueError('lease must be a positive integer of ms', { leaseMs });
    }
    const now = this.context.clock.now();
    const nowText = toTimestamp(now);
    const due = this.db
      .selectFrom('chain_actions')
      .select('id')
      .where('status', 'in', from)
      .where('next_attempt_at', '<=', nowText)
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .orderBy('id')
      .limit(1);
    // PostgreSQL: a row locked by another claimer is skipped, not waited for (and never re-read
    // after that claimer commits). SQLite: this single UPDATE holds the only write lock.
    const pick = this.dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
    const row = await this.db
      .updateTable('chain_actions')
      .set((eb) => ({
        ...(to === null ? {} : { status: to }),
        attempts: eb('attempts', '+', 1).$castTo<number>(),
        next_attempt_at: toTimestamp(new Date(now.getTime() + leaseMs)),
        updated_at: nowText,
      }))
      .where('id', '=', pick)
      .where('status', 'in', from)
      .where('next_attempt_at', '<=', nowText)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? null : toChainAction(row);
  }

  markSubmitted(ref: ChainActionRef, txHash: string): Promise<ChainAction> {
    return this.transition(ref, 'submitted', ['claimed'], { tx_hash: toHex(txHash, 'tx hash') });
  }

  recordSignedTx(ref: ChainActionRef, tx: SignedTxRecord, leaseUntil: Date): Promise<ChainAction> {
    return this.transition(ref, 'submitted', ['claimed', 'submitted'], {
      tx_hash: toHex(tx.txHash, 'tx hash'),
      tx_bytes: toHex(tx.bytes, 'tx bytes'),
      signer_address: tx.signerAddress,
      tx_nonce: tx.nonce,
      era_birth: tx.eraBirth,
      era_death: tx.eraDeath,
      signed_at: toTimestamp(tx.signedAt),
      included_block_number: null,
      included_block_hash: null,
      next_attempt_at: toTimestamp(leaseUntil),
    });
  }

  async extendLease(ref: ChainActionRef, leaseUntil: Date): Promise<ChainAction> {
    // Status unchanged: a concurrent transition of the same holder (claimed → submitted) must win.
    const row = await this.db
      .updateTable('chain_actions')
      .set({ next_attempt_at: toTimestamp(leaseUntil) })
      .where('id', '=', ref.id)
      .where('attempts', '=', ref.attempts)
      .where('status', 'in', LEASED)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) {
      throw new ChainActionTransitionError(ref.id, ref.attempts, 'lease', LEASED);
    }
    return toChainAction(row);
  }

  markIncluded(ref: ChainActionRef, block: BlockRef): Promise<ChainAction> {
    return this.transition(ref, 'included', ['submitted', 'included'], {
      included_block_number: block.number,
      included_block_hash: toHex(block.hash, 'block hash'),
    });
  }

  markFinalized(ref: ChainActionRef, blockHash: string): Promise<ChainAction> {
    return this.transition(ref, 'finalized', ['submitted', 'included'], {
      finalized_block_hash: toHex(blockHash, 'block hash'),
    });
  }

  reschedule(ref: ChainActionRef, error: string, notBefore: Date): Promise<ChainAction> {
    return this.transition(ref, 'pending', ['claimed', 'submitted', 'included'], {
      last_error: error,
      next_attempt_at: toTimestamp(notBefore),
      included_block_number: null,
      included_block_hash: null,
    });
  }

  markFailed(ref: ChainActionRef, error: string): Promise<ChainAction> {
    return this.transition(ref, 'failed', ACTIVE, { last_error: error });
  }

  async listByStatus(
    statuses: readonly ChainActionStatus[],
    limit: number,
  ): Promise<ChainAction[]> {
    if (statuses.length === 0) {
      return [];
    }
    const rows = await this.db
      .selectFrom('chain_actions')
      .selectAll()
      .where('status', 'in', statuses)
      .orderBy('created_at')
      .orderBy('id')
      .limit(checkLimit(limit))
      .execute();
    return rows.map(toChainAction);
  }

  async countByStatus(): Promise<Record<ChainActionStatus, number>> {
    const rows = await this.db
      .selectFrom('chain_actions')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(CHAIN_ACTION_STATUSES.map((s) => [s, 0])) as Record<
      ChainActionStatus,
      number
    >;
    for (const row of rows) {
      counts[toStatus(row.status)] = toInt(row.n, 'count');
    }
    return counts;
  }

  timingHistograms(bounds: ChainActionTimingBounds): Promise<ChainActionTimings[]> {
    return readChainActionTimings(this.db, this.dialect, bounds);
  }

  private async transition(
    ref: ChainActionRef,
    to: ChainActionStatus,
    allowedFrom: readonly ChainActionStatus[],
    patch: Updateable<ChainActionsTable>,
  ): Promise<ChainAction> {
    const row = await this.db
      .updateTable('chain_actions')
      .set({ ...patch, status: to, updated_at: toTimestamp(this.context.clock.now()) })
      .where('id', '=', ref.id)
      .where('attempts', '=', ref.attempts)
      .where('status', 'in', allowedFrom)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) {
      throw new ChainActionTransitionError(ref.id, ref.attempts, to, allowedFrom);
    }
    return toChainAction(row);
  }
}
