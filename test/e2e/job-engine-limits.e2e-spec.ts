import { computeContentDigest } from '../../src/content-store';
import { formatDataRef } from '../../src/references';
import type { DialectName } from '../../src/storage';
import { affineModel, neverEndingModel, unboundedAllocationModel } from '../fixtures/onnx-models';
import { STORY_DIALECTS } from '../support/databases';
import { startEngineHarness, type EngineHarness } from '../support/job-engine-harness';

const PAS = 10_000_000_000n;

function tensorInput(name: string, dims: number[], data: number[]): string {
  const json = JSON.stringify({ inputs: { [name]: { dims, data, type: 'float32' } } });
  return formatDataRef({
    kind: 'data-url',
    mediaType: 'application/json',
    bytes: Buffer.from(json),
  });
}

/**
 * Each limit with its own engine, so that only that limit can stop the model: on a loaded machine
 * a model that allocates without bound can take longer than a short time limit to reach the
 * memory limit, so its engine's time limit is longer than the test's own.
 */
const LIMITS = [
  {
    limit: 'time limit',
    env: { JOB_TIMEOUT: '3000', JOB_MEMORY_LIMIT_MB: '400' },
    what: 'never returns',
    build: neverEndingModel,
    data: tensorInput('x', [16], new Array(16).fill(1)),
    kind: /timeout/,
  },
  {
    limit: 'memory limit',
    env: { JOB_TIMEOUT: '600000', JOB_MEMORY_LIMIT_MB: '400' },
    what: 'allocates without bound',
    build: unboundedAllocationModel,
    data: tensorInput('x', [4], [1, 2, 3, 4]),
    kind: /memory-limit/,
  },
];

describe.each<DialectName>(STORY_DIALECTS)('job limits and retries on %s', (dialect) => {
  describe.each(LIMITS)('the $limit', ({ env, what, build, data, kind }) => {
    let harness: EngineHarness;

    beforeAll(async () => {
      harness = await startEngineHarness(dialect, {
        SETTLEMENT_MODE: 'custodial',
        MAX_RETRIES: '1',
        ...env,
      });
    }, 120_000);

    afterAll(async () => {
      await harness?.close();
    });

    async function runOnnxJob(model: Uint8Array, dataRef: string): Promise<bigint> {
      const digest = await harness.services.contents.put(model, 'application/onnx', {
        asModel: true,
      });
      expect(digest).toBe(computeContentDigest(model));
      const bob = await harness.wallet('//Bob');
      const job = await bob.submitJob({
        modelRef: `onnx:${digest}`,
        dataRef,
        privacyRequired: false,
        budgetPlanck: PAS,
      });
      await bob.assignProvider(job.id, harness.services.worker.h160);
      return job.id;
    }

    it(`stops a model that ${what}, retries with backoff, fails the job and refunds the escrow`, async () => {
      const jobId = await runOnnxJob(build(), data);
      const work = await harness.waitForWork(jobId, (w) => w.followUpDone, 120_000);
      expect(work).toMatchObject({ state: 'failed', attempts: 2, settlement: 'refunded' });
      expect(work.reason).toMatch(kind);
      const events = await harness.storage.work.listEvents(jobId);
      const retry = events.find((e) => e.stage === 'retry-scheduled');
      expect(retry?.detail).toMatch(kind);
      const secondRun = events.filter((e) => e.stage === 'running')[1];
      expect(secondRun!.at.getTime()).toBeGreaterThan(retry!.at.getTime());
      expect(await harness.storage.projections.getEscrow(jobId)).toMatchObject({
        refunded: true,
        released: false,
      });
      // The service stays healthy: the next job on the same engine succeeds.
      const healthy = await runOnnxJob(affineModel(), tensorInput('x', [1, 2], [1, 1]));
      const done = await harness.waitForWork(healthy, (w) => w.state === 'succeeded', 60_000);
      const output = await harness.services.contents.get(
        done.result!.outputDigest as `sha256:${string}`,
      );
      expect(JSON.parse(Buffer.from(output!.bytes).toString('utf8'))).toMatchObject({
        outputs: { y: { dims: [1, 2], data: [4.5, 5] } },
      });
    }, 180_000);
  });
});
