import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHAIN_ACTION_STATUSES } from '../../src/chain/tx';
import { loadConfig } from '../../src/config';
import { encodeBase64JsonPayload } from '../../src/confidential';
import { ContractProjector } from '../../src/projections';
import { JobServices } from '../../src/runtime';
import { NOOP_LOGGER } from '../../src/shared';
import type { DialectName } from '../../src/storage';
import { STORY_DIALECTS } from '../support/databases';
import { chainClientFor, openTestStorage, startFollower } from '../support/follower-harness';
import { startEngineHarness, type EngineHarness } from '../support/job-engine-harness';
import { TEST_TX_CONFIG } from '../support/tx-harness';
import { waitFor } from '../support/wait-for';

const MEV_ENV = { MEV_CLEARING_PRICES: 'DOT:USDT=3/2', MEV_MIN_BATCH_SIZE: '10' };

describe.each<DialectName>(STORY_DIALECTS)('MEV fair batches on %s', (dialect) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await startEngineHarness(dialect, MEV_ENV);
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  const intent = async (amountIn: bigint, minOutput: bigint) =>
    (await harness.wallet('//Bob')).submitIntent({
      encryptedIntent: encodeBase64JsonPayload({
        amountIn: amountIn.toString(),
        tokenIn: 'DOT',
        tokenOut: 'USDT',
        minOutput: minOutput.toString(),
      }),
      tokenIn: 'DOT',
      tokenOut: 'USDT',
      minOutput,
    });
  let firstBatch: { id: bigint; members: bigint[] } | null = null;

  it('batches ten intents at one price and fills none below its minimum', async () => {
    const fillable: bigint[] = [];
    for (let i = 0n; i < 10n; i += 1n) {
      // 100 + 10i DOT at 3/2 gives 150 + 15i USDT; every minimum is at or below that.
      fillable.push((await intent(100n + 10n * i, 140n + 15n * i)).id);
    }
    const greedy = (await intent(100n, 151n)).id; // wants more than 3/2 can give

    const batchId = await waitFor(
      async () => (await harness.storage.projections.getIntent(fillable[0]!))?.batchId ?? null,
      60_000,
      'the intents batched',
      100,
    );
    const executed = await waitFor(
      async () => {
        const batch = await harness.storage.projections.getBatch(batchId);
        return batch !== null && batch.executionCount > 0 ? batch : null;
      },
      60_000,
      'the batch executed',
      100,
    );
    expect(executed.intentIds).toEqual(fillable);
    expect(executed.executionRoute).toBe('fair-batch:v1:DOT:USDT:3/2');
    const expectedOutput = fillable.reduce(
      (sum, _id, i) => sum + ((100n + 10n * BigInt(i)) * 3n) / 2n,
      0n,
    );
    expect(executed.result).toMatchObject({
      success: true,
      totalOutputAmount: expectedOutput,
      executionPrice: '3/2',
    });
    for (const [i, id] of fillable.entries()) {
      const stored = await harness.storage.projections.getIntent(id);
      expect(stored).toMatchObject({ status: 'Executed', batchId });
      expect(((100n + 10n * BigInt(i)) * 3n) / 2n).toBeGreaterThanOrEqual(stored!.minOutput);
    }
    expect(await harness.storage.projections.getIntent(greedy)).toMatchObject({
      status: 'Pending',
      batchId: null,
    });
    firstBatch = { id: batchId, members: fillable };
  }, 150_000);

  // The fault harness (seed 4242): a second deployment (new database, its own key, following from
  // block 0) batched again intents the chain had batched long ago and executed batches again,
  // while its projections were still catching up.
  it('a deployment catching up from block 0 neither re-batches nor re-executes what the chain did', async () => {
    const { id: oldBatch, members: oldMembers } = firstBatch!;
    await harness.services.stop();
    const { db, database, storage } = await openTestStorage(dialect);
    const contentDir = mkdtempSync(join(tmpdir(), 'polkamesh-cas-'));
    const client = chainClientFor([harness.chain.devnet.url]);
    await client.start();
    const services = await JobServices.start({
      config: loadConfig({
        RPC_URL: harness.chain.devnet.url,
        WORKER_SEED: '//Eve',
        CONTENT_STORE_DIR: contentDir,
        JOB_POLL_INTERVAL_MS: '20',
        ...MEV_ENV,
      }),
      storage,
      client,
      endpoints: [harness.chain.devnet.url],
      log: NOOP_LOGGER,
      txConfig: TEST_TX_CONFIG,
    });
    // one block per follower transaction: the projections pass through every past state
    const follower = await startFollower(
      [harness.chain.devnet.url],
      storage,
      { batchSize: 1 },
      new ContractProjector(client, { origin: services.worker.address }),
    );
    try {
      const fresh: bigint[] = [];
      for (let i = 0n; i < 10n; i += 1n) {
        fresh.push((await intent(100n, 150n)).id);
      }
      // the new deployment's batcher works once caught up: it batches and executes the new ones
      const newBatch = await waitFor(
        async () => {
          const stored = await storage.projections.getIntent(fresh[0]!);
          const batch = stored?.batchId ? await storage.projections.getBatch(stored.batchId) : null;
          return batch !== null && batch.executionCount > 0 ? batch : null;
        },
        90_000,
        'the new intents batched and executed by the new deployment',
        100,
      );
      expect(newBatch.intentIds).toEqual(fresh);
      const ours = (await storage.actions.listByStatus(CHAIN_ACTION_STATUSES, 100))
        .filter((action) => action.contract === 'mevProtection')
        .map((action) => {
          const args = action.args as { intentIds?: unknown; batchId?: unknown };
          return action.message === 'create_batch'
            ? { create: args.intentIds }
            : { execute: String(args.batchId) };
        });
      expect(ours).toEqual([{ create: fresh.map(String) }, { execute: String(newBatch.batchId) }]);
      expect(await storage.projections.getBatch(oldBatch)).toMatchObject({ executionCount: 1 });
      for (const id of oldMembers) {
        expect(await storage.projections.getIntent(id)).toMatchObject({
          status: 'Executed',
          batchId: oldBatch,
        });
      }
    } finally {
      await services.stop();
      await follower.stop();
      await client.stop();
      await database.close();
      await db.drop();
      rmSync(contentDir, { recursive: true, force: true });
    }
  }, 180_000);
});
