import {
  attestationDigest,
  parseAttestationProof,
  parseSignedAttestation,
  verifyAttestation,
} from '../../src/attestation';
import { computeContentDigest, type ContentDigest } from '../../src/content-store';
import { ExecutorSandbox } from '../../src/executors/sandbox';
import { renderLineDrawing } from '../../src/executors/mobilenet/testing/line-drawing';
import type { JobWork } from '../../src/jobs/engine';
import { formatDataRef, type ModelRef } from '../../src/references';
import type { DialectName } from '../../src/storage';
import { speechClip, type SpeechClip } from '../fixtures/speech-audio';
import { ruleLabel, ruleTable } from '../fixtures/tabular-rule';
import { STORY_DIALECTS } from '../support/databases';
import { startEngineHarness, type EngineHarness } from '../support/job-engine-harness';

const PAS = 10_000_000_000n;
/** Silero pads and lags segments by up to ~100 ms; the executor's own spec allows 300 ms. */
const SPEECH_TOLERANCE_MS = 300;
const NSFW_CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];

interface Submitted {
  readonly id: bigint;
  readonly input: Uint8Array;
}

/**
 * VAD, MobileNet and training → inference, each through the whole chain: submitted and assigned by
 * Bob, run in the sandbox, marked completed, attested on-chain and paid from a custodial escrow.
 */
describe.each<DialectName>(STORY_DIALECTS)('model jobs end to end on %s', (dialect) => {
  let harness: EngineHarness;
  let providerBefore: bigint;
  let speech: SpeechClip;
  let vad: Submitted;
  let mobilenet: Submitted;
  let training: Submitted;

  async function submit(modelRef: string, dataRef: string, input: Uint8Array): Promise<Submitted> {
    const id = await harness.submitToWorker(modelRef, dataRef, { budgetPlanck: PAS });
    return { id, input };
  }

  async function freeBalance(address: string): Promise<bigint> {
    const account = await harness.chain.api.query.system.account(address);
    return account.data.free.toBigInt();
  }

  beforeAll(async () => {
    harness = await startEngineHarness(dialect, {
      SETTLEMENT_MODE: 'custodial',
      MAX_CONCURRENT_JOBS: '3',
      JOB_TIMEOUT: '180000',
    });
    providerBefore = await freeBalance(harness.services.worker.address);
    // A few seconds of 22 kHz audio is over the 64 KiB data: URL limit: it goes in by digest.
    speech = speechClip();
    const wavDigest = await harness.services.contents.put(speech.wav, 'audio/wav');
    vad = await submit(
      'audio:silero-vad',
      formatDataRef({ kind: 'cas', digest: wavDigest }),
      speech.wav,
    );
    const image = renderLineDrawing(320, 240);
    mobilenet = await submit(
      'vision:mobilenet-v2',
      formatDataRef({ kind: 'data-url', mediaType: 'image/png', bytes: image }),
      image,
    );
    const table = Buffer.from(ruleTable(300, 11).csv, 'utf8');
    training = await submit(
      'train:tabular-classification',
      formatDataRef({ kind: 'data-url', mediaType: 'text/csv', bytes: table }),
      table,
    );
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
  });

  /** Completed on-chain with the output's digest, attested, released; returns the output bytes. */
  async function expectSettledOnChain(job: Submitted, work: JobWork): Promise<Uint8Array> {
    const worker = harness.services.worker;
    expect(work).toMatchObject({ state: 'succeeded', settlement: 'released', attempts: 1 });
    const output = await harness.services.contents.get(work.result!.outputDigest as ContentDigest);
    expect(output).not.toBeNull();
    const queued = await harness.storage.projections.getJob(job.id);
    expect(queued).toMatchObject({ status: 'Completed', completedBy: worker.h160 });
    expect(queued!.resultHash).toBe(computeContentDigest(output!.bytes));

    const signed = parseSignedAttestation(work.attestation!);
    expect(await verifyAttestation(signed.envelope, signed.signature)).toMatchObject({ ok: true });
    expect(signed.envelope).toMatchObject({
      queueJobId: job.id,
      inputDigest: computeContentDigest(job.input),
      outputDigest: queued!.resultHash,
    });
    const anchor = await harness.storage.projections.getConfidentialJob(work.confidentialId!);
    expect(anchor).toMatchObject({ processed: true, queueJobId: job.id });
    expect(anchor!.attestation!.resultHash).toBe(queued!.resultHash);
    expect(parseAttestationProof(anchor!.attestation!.attestationProof)).toEqual({
      version: 2,
      digest: attestationDigest(signed.envelope),
      signature: signed.signature,
    });
    expect(anchor!.attestation!.teeWorkerPubkey).toBe(harness.services.attestationKey);
    expect(signed.envelope).toMatchObject({ confidential: { jobId: work.confidentialId } });

    // The escrow as the contract itself reports it (a getter dry run), not only as projected.
    const bob = await harness.wallet('//Bob');
    const escrow = (await bob.read('paymentEscrow', 'getEscrow', job.id)).toJSON() as {
      owner: string;
      provider: string;
      released: boolean;
      refunded: boolean;
    };
    expect(escrow).toMatchObject({ released: true, refunded: false });
    expect(escrow.owner.toLowerCase()).toBe(harness.services.custody.h160);
    expect(escrow.provider.toLowerCase()).toBe(worker.h160);
    expect(await freeBalance(worker.address)).toBeGreaterThan(providerBefore);
    return output!.bytes;
  }

  /** Runs the attested request again in a fresh sandbox child and returns its output digest. */
  async function rerunDigest(model: ModelRef, work: JobWork): Promise<string> {
    const input = await harness.services.contents.get(work.inputDigest as ContentDigest);
    const sandbox = new ExecutorSandbox({
      timeoutMs: 180_000,
      memoryLimitMb: 2048,
      reuseChildren: false,
      maxJobsPerChild: 1,
      idleChildTtlMs: 1_000,
    });
    try {
      const rerun = await sandbox.run(model.kind, {
        model,
        input: input!.bytes,
        inputMediaType: input!.mediaType,
      });
      if (rerun.status !== 'ok') {
        throw new Error(`rerun ended ${rerun.status}`);
      }
      expect(rerun.result.modelDigest).toBe(work.result!.modelDigest);
      return computeContentDigest(rerun.result.output);
    } finally {
      await sandbox.close();
    }
  }

  it('finds the speech in a WAV with silence around it, attested, paid and reproducible', async () => {
    const work = await harness.waitForWork(vad.id, (w) => w.followUpDone, 240_000);
    const output = await expectSettledOnChain(vad, work);
    const result = JSON.parse(Buffer.from(output).toString('utf8')) as {
      durationMs: number;
      segments: { startMs: number; endMs: number }[];
      speechMs: number;
    };
    // Independent check: the fixture knows where the synthesised sentence is audible.
    const [utterance] = speech.utterances;
    expect(Math.abs(result.durationMs - speech.durationMs)).toBeLessThanOrEqual(1);
    expect(result.segments.length).toBeGreaterThanOrEqual(1);
    for (const segment of result.segments) {
      expect(segment.startMs).toBeGreaterThanOrEqual(utterance!.startMs - SPEECH_TOLERANCE_MS);
      expect(segment.endMs).toBeLessThanOrEqual(utterance!.endMs + SPEECH_TOLERANCE_MS);
    }
    expect(result.segments[0]!.startMs).toBeLessThanOrEqual(
      utterance!.startMs + SPEECH_TOLERANCE_MS,
    );
    expect(result.segments.at(-1)!.endMs).toBeGreaterThanOrEqual(
      utterance!.endMs - SPEECH_TOLERANCE_MS,
    );
    expect(result.speechMs).toBeGreaterThan(0.8 * (utterance!.endMs - utterance!.startMs));

    const digest = await rerunDigest({ kind: 'audio', model: 'silero-vad' }, work);
    expect(digest).toBe(work.result!.outputDigest);
  }, 300_000);

  it('classifies an image into the five classes, attested, paid and reproducible', async () => {
    const work = await harness.waitForWork(mobilenet.id, (w) => w.followUpDone, 240_000);
    const output = await expectSettledOnChain(mobilenet, work);
    const result = JSON.parse(Buffer.from(output).toString('utf8')) as {
      labels: { label: string; probability: number }[];
      top: string;
    };
    expect(result.labels.map((l) => l.label).sort()).toEqual(NSFW_CLASSES);
    const total = result.labels.reduce((sum, l) => sum + l.probability, 0);
    // A softmax sums to 1; each of the 5 is rounded to 4 decimals (off by at most 0.00005).
    expect(Math.abs(total - 1)).toBeLessThanOrEqual(0.0003);
    const best = Math.max(...result.labels.map((l) => l.probability));
    expect(result.labels.find((l) => l.label === result.top)!.probability).toBe(best);
    // A black-on-white line drawing is harmless.
    expect(['Drawing', 'Neutral']).toContain(result.top);

    const digest = await rerunDigest({ kind: 'vision', model: 'mobilenet-v2' }, work);
    expect(digest).toBe(work.result!.outputDigest);
  }, 300_000);

  it('trains on a CSV, stores the model, then serves inference with it through the chain', async () => {
    const work = await harness.waitForWork(training.id, (w) => w.followUpDone, 240_000);
    const output = await expectSettledOnChain(training, work);
    const result = JSON.parse(Buffer.from(output).toString('utf8')) as {
      rows: number;
      classes: string[];
      trainLoss: number;
      validationLoss: number;
      trainAccuracy: number;
      validationAccuracy: number;
      modelDigest: string;
    };
    expect(result).toMatchObject({ rows: 300, classes: ['0', '1'] });
    expect(Number.isFinite(result.trainLoss) && result.trainLoss > 0).toBe(true);
    expect(Number.isFinite(result.validationLoss) && result.validationLoss > 0).toBe(true);
    // Chance is 0.5 on two roughly balanced classes; the rule is linearly separable.
    expect(result.validationAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(result.trainAccuracy).toBeGreaterThanOrEqual(0.85);

    // The trained model is an artifact of the job, stored under its digest.
    const modelDigest = work.result!.artifacts['model'];
    expect(modelDigest).toBe(result.modelDigest);
    const model = await harness.services.contents.get(modelDigest as ContentDigest);
    expect(model).not.toBeNull();
    expect(computeContentDigest(model!.bytes)).toBe(modelDigest);

    // A second job runs that model on rows it never saw, again through the chain.
    const fresh = ruleTable(120, 977);
    const rows = Buffer.from(fresh.csv, 'utf8');
    const inference = await submit(
      `onnx:${modelDigest}`,
      formatDataRef({ kind: 'data-url', mediaType: 'text/csv', bytes: rows }),
      rows,
    );
    const done = await harness.waitForWork(inference.id, (w) => w.followUpDone, 240_000);
    const answer = JSON.parse(
      Buffer.from(await expectSettledOnChain(inference, done)).toString('utf8'),
    ) as { predictions: string[] };
    expect(done.result!.modelDigest).toBe(modelDigest);
    expect(answer.predictions).toHaveLength(fresh.rows.length);
    const agreeing = fresh.rows.filter(
      (row, i) => answer.predictions[i] === ruleLabel(row.x1, row.x2),
    ).length;
    expect(agreeing / fresh.rows.length).toBeGreaterThanOrEqual(0.85);
  }, 480_000);
});
