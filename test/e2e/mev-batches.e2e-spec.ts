import { encodeBase64JsonPayload } from '../../src/confidential';
import type { DialectName } from '../../src/storage';
import { STORY_DIALECTS } from '../support/databases';
import { startEngineHarness, type EngineHarness } from '../support/job-engine-harness';
import { waitFor } from '../support/wait-for';

describe.each<DialectName>(STORY_DIALECTS)('MEV fair batches on %s', (dialect) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await startEngineHarness(dialect, {
      MEV_CLEARING_PRICES: 'DOT:USDT=3/2',
      MEV_MIN_BATCH_SIZE: '10',
    });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('batches ten intents at one price and fills none below its minimum', async () => {
    const bob = await harness.wallet('//Bob');
    const intent = (amountIn: bigint, minOutput: bigint) =>
      bob.submitIntent({
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
  }, 150_000);
});
