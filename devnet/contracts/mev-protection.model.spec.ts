import { PAID_UNPAYABLE_TRAP } from './contract-model';
import {
  ALICE_ID,
  BOB_ID,
  CAROL_ID,
  DEFAULT_TIMESTAMP,
  eventsOf,
  modelHarness,
  silentFailure,
  valueOf,
} from './fake-call-context';
import type { ModelHarness } from './fake-call-context';
import { mevProtectionModel } from './mev-protection.model';
import type { MevProtectionState } from './mev-protection.model';

const ADMIN = ALICE_ID;

describe('mevProtectionModel', () => {
  let h: ModelHarness<MevProtectionState>;
  beforeEach(() => {
    h = modelHarness(mevProtectionModel, ADMIN);
  });

  /** submits intents with min_output 10, 20, 30, … and returns their IDs */
  function intents(n: number): bigint[] {
    return Array.from(
      { length: n },
      (_, i) =>
        valueOf(
          h.call(BOB_ID, 'submit_intent', {
            encryptedIntent: `enc${i}`,
            tokenIn: 'DOT',
            tokenOut: 'USDT',
            minOutput: BigInt((i + 1) * 10),
          }),
        ) as bigint,
    );
  }

  function batch(ids: bigint[], caller = CAROL_ID): unknown {
    return valueOf(h.call(caller, 'create_batch', { intentIds: ids, executionRoute: 'hydra' }));
  }

  it('submit_intent stores a Pending intent and emits its ID', () => {
    expect(
      h.call(BOB_ID, 'submit_intent', {
        encryptedIntent: 'e',
        tokenIn: 'A',
        tokenOut: 'B',
        minOutput: 5n,
      }),
    ).toEqual({
      kind: 'returned',
      value: 1n,
      events: [{ contract: 'mevProtection', name: 'IntentSubmitted', fields: { intentId: 1n } }],
    });
    expect(valueOf(h.call(CAROL_ID, 'get_intent', { intentId: 1n }))).toEqual({
      intentId: 1n,
      user: BOB_ID,
      encryptedIntent: 'e',
      tokenIn: 'A',
      tokenOut: 'B',
      minOutput: 5n,
      status: 'Pending',
      createdAt: DEFAULT_TIMESTAMP,
      batchId: null,
    });
    expect(valueOf(h.call(CAROL_ID, 'get_intent_counter'))).toBe(1n);
  });

  it('batches five intents and executes the batch (anyone may do both)', () => {
    const ids = intents(5);
    expect(
      h.call(
        CAROL_ID,
        'create_batch',
        { intentIds: ids, executionRoute: 'hydra' },
        { timestamp: 7n },
      ),
    ).toEqual({
      kind: 'returned',
      value: 1n,
      events: [{ contract: 'mevProtection', name: 'BatchCreated', fields: { batchId: 1n } }],
    });
    expect(valueOf(h.call(BOB_ID, 'get_batch', { batchId: 1n }))).toEqual({
      batchId: 1n,
      intentIds: ids,
      intentCount: 5,
      totalVolume: 150n,
      executionRoute: 'hydra',
      status: 'Pending',
      createdAt: 7n,
      executedAt: null,
    });
    expect(h.state.intents.get(3n)).toMatchObject({ status: 'Batched', batchId: 1n });
    expect(valueOf(h.call(BOB_ID, 'get_batch_stats', { batchId: 1n }))).toEqual([5, 150n, false]);

    const exec = { batchId: 1n, actualOutput: 149n, executionPrice: '1.01' };
    expect(h.call(BOB_ID, 'execute_batch', exec, { timestamp: 8n })).toEqual({
      kind: 'returned',
      value: true,
      events: [{ contract: 'mevProtection', name: 'BatchExecuted', fields: { batchId: 1n } }],
    });
    expect(h.state.batches.get(1n)).toMatchObject({ status: 'Executed', executedAt: 8n });
    expect(valueOf(h.call(BOB_ID, 'get_batch_result', { batchId: 1n }))).toEqual({
      batchId: 1n,
      success: true,
      totalInputAmount: 150n,
      totalOutputAmount: 149n,
      executionPrice: '1.01',
      timestamp: 8n,
    });
    for (const id of ids) {
      expect(h.state.intents.get(id)?.status).toBe('Executed');
    }
    expect(valueOf(h.call(BOB_ID, 'get_batch_stats', { batchId: 1n }))).toEqual([5, 150n, true]);
  });

  describe('create_batch size bounds', () => {
    it('returns 0 for 4 IDs and changes nothing', () => {
      const ids = intents(4);
      expect(h.call(CAROL_ID, 'create_batch', { intentIds: ids, executionRoute: 'r' })).toEqual(
        silentFailure(0n),
      );
      expect(h.state.batchCounter).toBe(0n);
      expect(h.state.intents.get(1n)?.status).toBe('Pending');
    });

    it('accepts 100 IDs and returns 0 for 101', () => {
      const ids = intents(1);
      expect(batch(Array.from({ length: 101 }, () => ids[0] ?? 0n))).toBe(0n);
      expect(batch(Array.from({ length: 100 }, (_, i) => BigInt(i + 1)))).toBe(1n);
    });
  });

  it('counts unknown and duplicate IDs in intent_count; duplicates add volume again', () => {
    intents(2); // min_output 10 and 20
    expect(batch([1n, 1n, 2n, 99n, 98n])).toBe(1n);
    expect(h.state.batches.get(1n)).toMatchObject({
      intentCount: 5,
      totalVolume: 40n,
      intentIds: [1n, 1n, 2n, 99n, 98n],
    });
    expect(h.state.intents.has(99n)).toBe(false);
  });

  it('re-batches an intent from any state, and re-executes a batch, overwriting the result', () => {
    const ids = intents(5);
    batch(ids);
    valueOf(
      h.call(BOB_ID, 'execute_batch', { batchId: 1n, actualOutput: 1n, executionPrice: 'a' }),
    );
    expect(batch(ids)).toBe(2n);
    expect(h.state.intents.get(1n)).toMatchObject({ status: 'Batched', batchId: 2n });

    expect(
      eventsOf(
        h.call(CAROL_ID, 'execute_batch', { batchId: 1n, actualOutput: 2n, executionPrice: 'b' }),
      ),
    ).toEqual([{ contract: 'mevProtection', name: 'BatchExecuted', fields: { batchId: 1n } }]);
    expect(h.state.batchResults.get(1n)).toMatchObject({
      totalOutputAmount: 2n,
      executionPrice: 'b',
    });
    expect(h.state.intents.get(1n)).toMatchObject({ status: 'Executed', batchId: 2n });
  });

  it('execute_batch returns false only for an unknown batch', () => {
    expect(
      h.call(BOB_ID, 'execute_batch', { batchId: 1n, actualOutput: 1n, executionPrice: 'x' }),
    ).toEqual(silentFailure());
    expect(h.state.batchResults.size).toBe(0);
  });

  it('get_pending_intents always returns 0', () => {
    intents(7);
    expect(valueOf(h.call(BOB_ID, 'get_pending_intents'))).toBe(0);
  });

  it('get_batch_stats is (0, 0, false) and getters are null for an unknown batch', () => {
    expect(valueOf(h.call(BOB_ID, 'get_batch_stats', { batchId: 3n }))).toEqual([0, 0n, false]);
    expect(valueOf(h.call(BOB_ID, 'get_batch', { batchId: 3n }))).toBeNull();
    expect(valueOf(h.call(BOB_ID, 'get_batch_result', { batchId: 3n }))).toBeNull();
    expect(valueOf(h.call(BOB_ID, 'get_intent', { intentId: 3n }))).toBeNull();
    expect(valueOf(h.call(BOB_ID, 'get_batch_counter'))).toBe(0n);
  });

  describe('set_batch_config', () => {
    it('returns false for a non-admin and for min_batch_size > batch_size', () => {
      expect(h.call(BOB_ID, 'set_batch_config', { batchSize: 10, minBatchSize: 2 })).toEqual(
        silentFailure(),
      );
      expect(h.call(ADMIN, 'set_batch_config', { batchSize: 3, minBatchSize: 4 })).toEqual(
        silentFailure(),
      );
      expect(h.state).toMatchObject({ batchSize: 100, minBatchSize: 5 });
    });

    it('applies new bounds (min == max allowed) to later batches', () => {
      expect(h.call(ADMIN, 'set_batch_config', { batchSize: 2, minBatchSize: 2 })).toEqual(
        silentFailure(true),
      );
      const ids = intents(3);
      expect(batch(ids)).toBe(0n);
      expect(batch(ids.slice(0, 2))).toBe(1n);
      expect(batch(ids.slice(0, 1))).toBe(0n);
    });
  });

  it('traps when value is sent (no message is payable)', () => {
    expect(h.call(BOB_ID, 'get_pending_intents', {}, { value: 1n })).toEqual({
      kind: 'trapped',
      reason: PAID_UNPAYABLE_TRAP,
    });
  });
});
