import type { DialectName } from '../../src/storage';
import { STORY_DIALECTS } from '../support/databases';
import { devRpc } from '../support/dev-rpc';
import { startEngineHarness, type EngineHarness } from '../support/job-engine-harness';

const PAS = 10_000_000_000n;
const TINY_PNG_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe.each<DialectName>(STORY_DIALECTS)('job admission on %s', (dialect) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await startEngineHarness(dialect, {
      SETTLEMENT_MODE: 'custodial',
      JOB_MAX_INPUT_BYTES: '1024',
    });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  async function submitAndAssign(
    modelRef: string,
    dataRef: string,
    options: { deadlineBlocks?: number; beforeAssign?: () => Promise<void> } = {},
  ): Promise<bigint> {
    const bob = await harness.wallet('//Bob');
    const job = await bob.submitJob({
      modelRef,
      dataRef,
      privacyRequired: false,
      budgetPlanck: PAS,
      ...(options.deadlineBlocks === undefined ? {} : { deadlineBlocks: options.deadlineBlocks }),
    });
    await options.beforeAssign?.();
    await bob.assignProvider(job.id, harness.services.worker.h160);
    return job.id;
  }

  it.each([
    ['an unknown model', 'vision:resnet-9000', TINY_PNG_URL, /model-unsupported/],
    [
      "the frontend's placeholder model",
      'model:gpu:classify cats',
      TINY_PNG_URL,
      /frontend-placeholder/,
    ],
    [
      'a malformed data URL',
      'ocr:pp-ocrv4',
      'data:image/png;base64,@@@not base64@@@',
      /data-malformed/,
    ],
    [
      'data over the size limit',
      'ocr:pp-ocrv4',
      `data:text/plain,${'x'.repeat(2048)}`,
      /data-too-large|over the limit/,
    ],
  ])(
    'rejects %s with a stored reason and no on-chain effect',
    async (_name, model, data, why) => {
      const jobId = await submitAndAssign(model, data);
      const work = await harness.waitForWork(jobId, (w) => w.state !== 'discovered', 60_000);
      expect(work.state).toBe('rejected');
      expect(work.reason).toMatch(why);
      await expectNoOnChainEffect(jobId);
    },
    90_000,
  );

  it('rejects a data NFT the owner has no access to', async () => {
    const alice = await harness.wallet('//Alice');
    const nft = await alice.mintDataNft({
      dataUri: TINY_PNG_URL,
      privacyLevel: 1,
      accessPrice: 0n,
      transferable: true,
    });
    const jobId = await submitAndAssign('ocr:pp-ocrv4', `nft:${nft.id}`);
    const work = await harness.waitForWork(jobId, (w) => w.state !== 'discovered', 60_000);
    expect(work.state).toBe('rejected');
    expect(work.reason).toMatch(/no access to data NFT/);
    await expectNoOnChainEffect(jobId);
  }, 90_000);

  it('rejects a job whose deadline passed before it was assigned', async () => {
    const jobId = await submitAndAssign('ocr:pp-ocrv4', TINY_PNG_URL, {
      deadlineBlocks: 2,
      beforeAssign: async () => {
        await devRpc(harness.chain.devnet.url, 'dev_newBlock', [4]);
      },
    });
    const work = await harness.waitForWork(jobId, (w) => w.state !== 'discovered', 60_000);
    expect(work.state).toBe('rejected');
    expect(work.reason).toMatch(/deadline-passed/);
    await expectNoOnChainEffect(jobId);
  }, 90_000);

  /** Documented effect of a rejection: none. No action enqueued, the job stays Assigned, no escrow. */
  async function expectNoOnChainEffect(jobId: bigint): Promise<void> {
    for (const step of ['deposit', 'mark_in_progress', 'mark_completed', 'release', 'refund']) {
      expect(await harness.storage.actions.findByKey(`job:${jobId}:${step}`)).toBeNull();
    }
    expect(await harness.storage.projections.getJob(jobId)).toMatchObject({ status: 'Assigned' });
    expect(await harness.storage.projections.getEscrow(jobId)).toBeNull();
  }
});
