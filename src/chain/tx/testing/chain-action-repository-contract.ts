import {
  ChainActionTransitionError,
  IdempotencyKeyConflictError,
  type BlockRef,
} from '../../../shared';
import { ManualClock } from '../../../shared/testing/manual-clock';
import type { ChainActionRepository, NewChainAction, SignedTxRecord } from '../outbox';

const LEASE_MS = 30_000;
const U128_MAX = 2n ** 128n - 1n;
const BLOCK: BlockRef = { number: 12n, hash: `0x${'12'.repeat(32)}` };

export function markCompleted(overrides: Partial<NewChainAction> = {}): NewChainAction {
  return {
    idempotencyKey: 'job:42:mark_completed',
    contract: 'aiJobQueue',
    message: 'mark_completed',
    args: { jobId: 42n, resultHash: '0xab' },
    signerRole: 'worker',
    ...overrides,
  };
}

export function signedTx(clock: ManualClock, nonce = 3n): SignedTxRecord {
  return {
    txHash: `0x${nonce.toString(16).padStart(64, 'a')}`,
    bytes: `0x${'0f'.repeat(40)}`,
    signerAddress: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
    nonce,
    eraBirth: 10n,
    eraDeath: 74n,
    signedAt: clock.now(),
  };
}

/**
 * Behaviour every `ChainActionRepository` shares (the in-memory fake and the SQL outbox on
 * SQLite and PostgreSQL). `make` returns an empty outbox that reads time from `clock`.
 */
export function chainActionRepositoryContract(
  name: string,
  make: (clock: ManualClock) => Promise<ChainActionRepository>,
): void {
  describe(`ChainActionRepository contract: ${name}`, () => {
    let clock: ManualClock;
    let actions: ChainActionRepository;

    beforeEach(async () => {
      clock = new ManualClock();
      actions = await make(clock);
    });

    it('keeps one action per idempotency key and refuses the key for another message', async () => {
      const first = await actions.enqueue(markCompleted({ value: U128_MAX }));
      const again = await actions.enqueue(markCompleted({ args: { jobId: 43n } }));
      expect(first.isNew).toBe(true);
      expect(again).toEqual({ action: first.action, isNew: false });
      expect(first.action).toMatchObject({
        idempotencyKey: 'job:42:mark_completed',
        status: 'pending',
        attempts: 0,
        value: U128_MAX,
        args: { jobId: '42', resultHash: '0xab' },
        lastError: null,
        txHash: null,
        includedIn: null,
        signedTx: null,
        nextAttemptAt: clock.now(),
      });
      await expect(
        actions.enqueue(markCompleted({ message: 'mark_in_progress' })),
      ).rejects.toBeInstanceOf(IdempotencyKeyConflictError);
      expect(await actions.get(first.action.id)).toEqual(first.action);
      expect(await actions.findByKey('nope')).toBeNull();
      expect((await actions.findByKeys(['nope', 'job:42:mark_completed'])).length).toBe(1);
    });

    it('claims the oldest due action, leases it, and leaves future ones alone', async () => {
      await actions.enqueue(
        markCompleted({
          idempotencyKey: 'later',
          notBefore: new Date(clock.now().getTime() + 60_000),
        }),
      );
      await actions.enqueue(markCompleted({ idempotencyKey: 'first' }));
      clock.advance(1);
      await actions.enqueue(markCompleted({ idempotencyKey: 'second' }));
      clock.advance(1);

      const claimed = await actions.claimNext(LEASE_MS);
      expect(claimed).toMatchObject({ idempotencyKey: 'first', status: 'claimed', attempts: 1 });
      expect(claimed?.nextAttemptAt).toEqual(new Date(clock.now().getTime() + LEASE_MS));
      expect((await actions.claimNext(LEASE_MS))?.idempotencyKey).toBe('second');
      expect(await actions.claimNext(LEASE_MS)).toBeNull();

      // a claim whose lease ran out is due again, with a new fencing token
      clock.advance(LEASE_MS);
      expect(await actions.claimNext(LEASE_MS)).toMatchObject({
        idempotencyKey: 'first',
        attempts: 2,
      });
      await expect(actions.claimNext(0)).rejects.toThrow();
    });

    it('walks claimed → submitted → included → finalized, recording the signed transaction', async () => {
      await actions.enqueue(markCompleted());
      const claimed = (await actions.claimNext(LEASE_MS))!;
      const ref = { id: claimed.id, attempts: claimed.attempts };
      const tx = signedTx(clock);
      const leaseUntil = new Date(clock.now().getTime() + 2 * LEASE_MS);
      const submitted = await actions.recordSignedTx(ref, tx, leaseUntil);
      expect(submitted).toMatchObject({
        status: 'submitted',
        txHash: tx.txHash,
        signedTx: tx,
        nextAttemptAt: leaseUntil,
      });
      const included = await actions.markIncluded(ref, BLOCK);
      expect(included).toMatchObject({ status: 'included', includedIn: BLOCK });
      const finalized = await actions.markFinalized(ref, BLOCK.hash);
      expect(finalized).toMatchObject({
        status: 'finalized',
        finalizedBlockHash: BLOCK.hash,
        signedTx: tx,
      });
      expect(await actions.get(claimed.id)).toEqual(finalized);
      await expect(actions.markFailed(ref, 'too late')).rejects.toBeInstanceOf(
        ChainActionTransitionError,
      );
    });

    it('fences a stale claimer out of every write', async () => {
      await actions.enqueue(markCompleted());
      const stale = (await actions.claimNext(LEASE_MS))!;
      clock.advance(LEASE_MS);
      const fresh = (await actions.claimNext(LEASE_MS))!;
      const staleRef = { id: stale.id, attempts: stale.attempts };
      const writes = [
        () => actions.recordSignedTx(staleRef, signedTx(clock), clock.now()),
        () => actions.extendLease(staleRef, clock.now()),
        () => actions.reschedule(staleRef, 'x', clock.now()),
        () => actions.markFailed(staleRef, 'x'),
      ];
      for (const write of writes) {
        await expect(write()).rejects.toBeInstanceOf(ChainActionTransitionError);
      }
      expect(await actions.get(fresh.id)).toEqual(fresh);
    });

    it('reschedules an in-flight action to pending, forgetting its block, due later', async () => {
      await actions.enqueue(markCompleted());
      const claimed = (await actions.claimNext(LEASE_MS))!;
      const ref = { id: claimed.id, attempts: claimed.attempts };
      await actions.recordSignedTx(ref, signedTx(clock), clock.now());
      await actions.markIncluded(ref, BLOCK);
      const later = new Date(clock.now().getTime() + 5_000);
      const pending = await actions.reschedule(ref, 'orphaned', later);
      expect(pending).toMatchObject({
        status: 'pending',
        lastError: 'orphaned',
        includedIn: null,
        nextAttemptAt: later,
        attempts: 1,
      });
      expect(await actions.claimNext(LEASE_MS)).toBeNull();
      clock.advance(5_000);
      expect(await actions.claimNext(LEASE_MS)).toMatchObject({ status: 'claimed', attempts: 2 });
    });

    it('re-claims an in-flight action only once its lease ran out, status unchanged', async () => {
      await actions.enqueue(markCompleted());
      const claimed = (await actions.claimNext(LEASE_MS))!;
      const ref = { id: claimed.id, attempts: claimed.attempts };
      const tx = signedTx(clock);
      await actions.recordSignedTx(ref, tx, new Date(clock.now().getTime() + 1_000));
      const extended = await actions.extendLease(ref, new Date(clock.now().getTime() + 5_000));
      expect(extended).toMatchObject({ status: 'submitted', attempts: 1 });
      clock.advance(1_000);
      expect(await actions.claimNextInFlight(LEASE_MS)).toBeNull();
      expect(await actions.claimNext(LEASE_MS)).toBeNull();
      clock.advance(4_000);
      const recovered = await actions.claimNextInFlight(LEASE_MS);
      expect(recovered).toMatchObject({ status: 'submitted', attempts: 2 });
      expect(recovered?.signedTx).toEqual(tx);
    });

    it('fails an action from any active status, with its reason, and counts and lists by status', async () => {
      await actions.enqueue(markCompleted({ idempotencyKey: 'a' }));
      clock.advance(1);
      await actions.enqueue(markCompleted({ idempotencyKey: 'b' }));
      const a = (await actions.findByKey('a'))!;
      expect(await actions.markFailed({ id: a.id, attempts: 0 }, 'no key')).toMatchObject({
        status: 'failed',
        lastError: 'no key',
      });
      expect(await actions.countByStatus()).toEqual({
        pending: 1,
        claimed: 0,
        submitted: 0,
        included: 0,
        finalized: 0,
        failed: 1,
      });
      const listed = await actions.listByStatus(['pending', 'failed'], 10);
      expect(listed.map((x) => x.idempotencyKey)).toEqual(['a', 'b']);
      expect(await actions.listByStatus([], 10)).toEqual([]);
    });
  });
}
