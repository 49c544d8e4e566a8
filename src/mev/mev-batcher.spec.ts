import { InMemoryChainActionRepository } from '../chain/tx/testing/in-memory-chain-action-repository';
import { encodeBase64JsonPayload } from '../confidential';
import { InMemoryProjectionRepository } from '../projections/testing/in-memory-projection-repository';
import type { ProjectedBatch, ProjectedIntent } from '../projections/projection-types';
import { NOOP_LOGGER } from '../shared';
import { ManualClock } from '../shared/testing/manual-clock';
import { createBatchKey, MevBatcher } from './mev-batcher';
import { price } from './price';
import { priceTable } from './token-pair';

const ROUTE = 'fair-batch:v1:DOT:USDT:3/2';
const MEMBERS = [1n, 2n, 3n, 4n, 5n];

function intent(id: bigint, at: bigint, batchId: bigint | null = null): ProjectedIntent {
  return {
    intentId: id,
    user: `0x${'11'.repeat(32)}`,
    encryptedIntent: encodeBase64JsonPayload({
      amountIn: '100',
      tokenIn: 'DOT',
      tokenOut: 'USDT',
      minOutput: '140',
    }),
    tokenIn: 'DOT',
    tokenOut: 'USDT',
    minOutput: 140n,
    status: batchId === null ? 'Pending' : 'Batched',
    createdAt: 0n,
    batchId,
    submittedBlock: at,
    updated: { block: at, seq: 0 },
  };
}

function createdBatch(id: bigint, at: bigint): ProjectedBatch {
  return {
    batchId: id,
    intentIds: MEMBERS,
    intentCount: MEMBERS.length,
    totalVolume: 700n,
    executionRoute: ROUTE,
    status: 'Pending',
    createdAt: 0n,
    executedAt: null,
    result: null,
    executionCount: 0,
    createdBlock: at,
    updated: { block: at, seq: 1 },
  };
}

/** A batcher over projections followed up to block `projectedTo` of a chain finalized to `head`. */
function batcherAt(projectedTo: bigint, head: bigint) {
  const projections = new InMemoryProjectionRepository();
  const actions = new InMemoryChainActionRepository(new ManualClock());
  const cursors = {
    get: () =>
      Promise.resolve({
        lane: 'finalized' as const,
        block: { number: projectedTo, hash: '0x01' },
        version: 1,
        updatedAt: new Date(0),
      }),
  };
  const batcher = new MevBatcher(
    projections,
    actions,
    { cursors, finalizedHead: () => Promise.resolve(head) },
    {
      minBatchSize: 5,
      maxBatchSize: 100,
      prices: priceTable([[{ tokenIn: 'DOT', tokenOut: 'USDT' }, price(3n, 2n)]]),
      signerRole: 'worker',
      keys: null,
    },
    NOOP_LOGGER,
  );
  const enqueued = async () =>
    (await actions.listByStatus(['pending'], 100)).map((a) => a.idempotencyKey);
  return { projections, actions, batcher, enqueued };
}

describe('MevBatcher', () => {
  it('batches pending intents and executes its batch once the projections reached the head', async () => {
    const { projections, batcher, enqueued } = batcherAt(20n, 20n);
    for (const id of MEMBERS) {
      await projections.upsertIntent(intent(id, 10n));
    }
    await batcher.tick();
    expect(await enqueued()).toEqual([createBatchKey(MEMBERS)]);

    for (const id of MEMBERS) {
      await projections.upsertIntent(intent(id, 12n, 7n));
    }
    await projections.upsertBatch(createdBatch(7n, 12n));
    await batcher.tick();
    expect(await enqueued()).toEqual([createBatchKey(MEMBERS), 'mev:execute:7']);
  });

  // The fault harness (seed 4242): a deployment with a new database, following from block 0,
  // re-batched intents and re-executed batches that the chain had batched and executed long ago.
  it('neither batches nor executes while the projections still catch up with the head', async () => {
    const pending = batcherAt(15n, 40n);
    for (const id of MEMBERS) {
      await pending.projections.upsertIntent(intent(id, 10n));
    }
    await pending.batcher.tick();
    expect(await pending.enqueued()).toEqual([]);

    const created = batcherAt(15n, 40n);
    for (const id of MEMBERS) {
      await created.projections.upsertIntent(intent(id, 12n, 7n));
    }
    await created.projections.upsertBatch(createdBatch(7n, 12n));
    await created.batcher.tick();
    expect(await created.enqueued()).toEqual([]);
  });

  // After a restart: our create_batch is finalized (no longer in flight) but the projections have
  // not reached its block, so its intents still look Pending; a new intent changes the member set
  // and with it the idempotency key.
  it('does not batch an intent of its own finalized batch that the projections have not seen', async () => {
    const { projections, actions, batcher, enqueued } = batcherAt(15n, 16n);
    await actions.enqueue({
      idempotencyKey: createBatchKey(MEMBERS),
      contract: 'mevProtection',
      message: 'create_batch',
      args: { intentIds: MEMBERS.map(String), executionRoute: ROUTE },
      signerRole: 'worker',
    });
    const claimed = (await actions.claimNext(60_000))!;
    const ref = { id: claimed.id, attempts: claimed.attempts };
    await actions.markSubmitted(ref, '0xabc');
    await actions.markIncluded(ref, { number: 16n, hash: '0x16' });
    await actions.markFinalized(ref, '0x16');
    for (const id of [...MEMBERS, 6n]) {
      await projections.upsertIntent(intent(id, 10n));
    }
    await batcher.tick();
    expect(await enqueued()).toEqual([]);
  });
});
