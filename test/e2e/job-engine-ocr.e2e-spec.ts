import { u8aToHex } from '@polkadot/util';
import { defaultContractAddresses } from '../../devnet/devnet';
import { computeContentDigest, type ContentDigest } from '../../src/content-store';
import {
  parseAttestationProof,
  parseSignedAttestation,
  verifyAttestation,
  attestationDigest,
} from '../../src/attestation';
import { ExecutorSandbox } from '../../src/executors/sandbox';
import { formatDataRef } from '../../src/references';
import type { DialectName } from '../../src/storage';
import { renderTextImage } from '../fixtures/text-image';
import { STORY_DIALECTS } from '../support/databases';
import { startEngineHarness, WORKER_SEED, type EngineHarness } from '../support/job-engine-harness';

const TEXT = ['POLKAMESH 2026', 'Hello world 42'];
const PAS = 10_000_000_000n;

describe.each<DialectName>(STORY_DIALECTS)('an OCR job end to end on %s', (dialect) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await startEngineHarness(dialect, { SETTLEMENT_MODE: 'custodial' });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('completes on-chain with the text digest, an attestation that verifies, and a release', async () => {
    const bob = await harness.wallet('//Bob');
    const image = renderTextImage(TEXT);
    const submitted = await bob.submitJob({
      modelRef: 'ocr:pp-ocrv4',
      dataRef: formatDataRef({ kind: 'data-url', mediaType: 'image/png', bytes: image }),
      privacyRequired: false,
      budgetPlanck: PAS,
    });
    const worker = harness.services.worker;
    const providerBefore = await harness.chain.api.query.system.account(worker.address);
    await bob.assignProvider(submitted.id, worker.h160);

    const work = await harness.waitForWork(submitted.id, (w) => w.followUpDone, 120_000);
    expect(work).toMatchObject({ state: 'succeeded', settlement: 'released', attempts: 1 });

    // The output is the recognised text, and the chain holds its digest.
    const output = await harness.services.contents.get(work.result!.outputDigest as ContentDigest);
    const text = Buffer.from(output!.bytes).toString('utf8');
    expect(text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim())).toEqual(TEXT);
    const job = await harness.storage.projections.getJob(submitted.id);
    expect(job).toMatchObject({ status: 'Completed', completedBy: worker.h160 });
    expect(job!.resultHash).toBe(computeContentDigest(output!.bytes));

    // The attestation verifies offline and is the one recorded on-chain.
    const signed = parseSignedAttestation(work.attestation!);
    expect(await verifyAttestation(signed.envelope, signed.signature)).toMatchObject({ ok: true });
    expect(signed.envelope).toMatchObject({
      queueJobId: submitted.id,
      outputDigest: job!.resultHash,
      inputDigest: computeContentDigest(image),
    });
    const anchor = await harness.storage.projections.getConfidentialJob(work.confidentialId!);
    expect(anchor).toMatchObject({ processed: true, queueJobId: submitted.id });
    expect(anchor!.attestation!.resultHash).toBe(job!.resultHash);
    const proof = parseAttestationProof(anchor!.attestation!.attestationProof);
    expect(proof).toEqual({
      version: 2,
      digest: attestationDigest(signed.envelope),
      signature: signed.signature,
    });
    // Signed with the attestation key (by default WORKER_SEED//attestation off production), not
    // the worker's transaction key, and re-signed to name the anchor record it is stored under.
    const attestationKey = u8aToHex(
      harness.chain.keyring.addFromUri(`${WORKER_SEED}//attestation`).publicKey,
    );
    expect(harness.services.attestationKey).toBe(attestationKey);
    expect(attestationKey).not.toBe(worker.accountId);
    expect(anchor!.attestation!.teeWorkerPubkey).toBe(attestationKey);
    expect(signed.envelope).toMatchObject({
      version: 2,
      workerPublicKey: attestationKey,
      confidential: {
        contract: defaultContractAddresses().phalaJobProcessor,
        jobId: work.confidentialId,
      },
    });

    // Running the job again reproduces the output digest, in-process and in the sandbox.
    const input = await harness.services.contents.get(signed.envelope.inputDigest);
    const request = {
      model: { kind: 'ocr', model: 'pp-ocrv4' } as const,
      input: input!.bytes,
      inputMediaType: input!.mediaType,
    };
    const sandbox = new ExecutorSandbox({
      timeoutMs: 60_000,
      memoryLimitMb: 2048,
      reuseChildren: false,
      maxJobsPerChild: 1,
      idleChildTtlMs: 1_000,
    });
    try {
      const rerun = await sandbox.run('ocr', request);
      expect(rerun.status).toBe('ok');
      if (rerun.status === 'ok') {
        expect(computeContentDigest(rerun.result.output)).toBe(job!.resultHash);
        expect(rerun.result.modelDigest).toBe(signed.envelope.modelDigest);
      }
    } finally {
      await sandbox.close();
    }

    // The custodial escrow paid the provider: released on-chain, the provider's balance grew.
    const escrow = await harness.storage.projections.getEscrow(submitted.id);
    expect(escrow).toMatchObject({
      released: true,
      refunded: false,
      owner: harness.services.custody.h160,
    });
    const providerAfter = await harness.chain.api.query.system.account(worker.address);
    expect(providerAfter.data.free.toBigInt()).toBeGreaterThan(providerBefore.data.free.toBigInt());

    const stages = (await harness.storage.work.listEvents(submitted.id)).map((e) => e.stage);
    expect(stages).toEqual(
      expect.arrayContaining([
        'discovered',
        'admitted',
        'queued',
        'running',
        'succeeded',
        'attestation-bound',
      ]),
    );
  }, 180_000);
});
