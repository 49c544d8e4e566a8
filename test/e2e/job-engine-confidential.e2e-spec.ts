import { u8aToHex } from '@polkadot/util';
import { defaultContractAddresses } from '../../devnet/devnet';
import {
  onChainMismatches,
  parseSignedAttestation,
  verifyAttestation,
} from '../../src/attestation';
import { encryptConfidentialPayload, formatServicePublicKey } from '../../src/confidential';
import type { ContentDigest } from '../../src/content-store';
import { formatDataRef } from '../../src/jobs/references';
import type { DialectName } from '../../src/storage';
import { renderTextImage } from '../fixtures/text-image';
import { startEngineHarness, type EngineHarness } from '../support/job-engine-harness';

const PAS = 10_000_000_000n;
const TEXT = ['CONFIDENTIAL 7'];
/** The dedicated attestation key (ATTESTATION_SEED); the worker signs transactions as //Dave. */
const ATTESTER = '//Attester';

describe.each<DialectName>(['sqlite', 'postgres'])('confidential jobs on %s', (dialect) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    harness = await startEngineHarness(dialect, {
      SETTLEMENT_MODE: 'custodial',
      ATTESTATION_SEED: ATTESTER,
    });
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  const image = () =>
    formatDataRef({ kind: 'data-url', mediaType: 'image/png', bytes: renderTextImage(TEXT) });

  it.each(['base64 JSON (the frontend form)', 'a pmenc1 envelope sealed to the service key'])(
    'runs a job whose refs arrive as %s, records the attestation and marks it processed',
    async (form) => {
      const bob = await harness.wallet('//Bob');
      // The queue only carries a public label; the real refs are in the payload.
      const job = await bob.submitJob({
        modelRef: 'confidential',
        dataRef: 'confidential',
        privacyRequired: true,
        budgetPlanck: PAS,
      });
      const payload = { jobId: Number(job.id), model: 'ocr:pp-ocrv4', data: image() };
      const submitted = form.startsWith('base64')
        ? await bob.submitConfidentialJob(payload)
        : await bob.submitConfidentialPayload(
            encryptConfidentialPayload(payload, harness.services.confidentialKeys.publicKey),
            formatServicePublicKey(harness.services.confidentialKeys.publicKey),
          );
      await bob.assignProvider(job.id, harness.services.worker.h160);

      const work = await harness.waitForWork(job.id, (w) => w.followUpDone, 120_000);
      expect(work).toMatchObject({
        state: 'succeeded',
        confidentialId: submitted.id,
        modelRef: 'ocr:pp-ocrv4',
        settlement: 'released',
      });
      const output = await harness.services.contents.get(
        work.result!.outputDigest as ContentDigest,
      );
      expect(Buffer.from(output!.bytes).toString('utf8').replace(/\s+/g, ' ')).toBe(TEXT[0]);

      // A v2 envelope naming the phala_job_processor record it is stored under, signed with the
      // dedicated attestation key (not the worker's transaction key), exactly as recorded.
      const signed = parseSignedAttestation(work.attestation!);
      const attestationKey = harness.services.attestationKey;
      expect(attestationKey).toBe(u8aToHex(harness.chain.keyring.addFromUri(ATTESTER).publicKey));
      expect(attestationKey).not.toBe(harness.services.worker.accountId);
      expect(attestationKey).not.toBe(harness.services.custody.accountId);
      expect(signed.envelope).toMatchObject({
        version: 2,
        confidential: {
          contract: defaultContractAddresses().phalaJobProcessor,
          jobId: submitted.id,
        },
        workerPublicKey: attestationKey,
      });
      expect(
        await verifyAttestation(signed.envelope, signed.signature, {
          expectedPublicKey: attestationKey,
        }),
      ).toMatchObject({ ok: true });
      const record = await harness.storage.projections.getConfidentialJob(submitted.id);
      expect(record).toMatchObject({ processed: true, queueJobId: job.id });
      expect(record!.attestation!.resultHash).toBe(work.result!.outputDigest);
      expect(record!.attestation!.teeWorkerPubkey).toBe(attestationKey);
      expect(
        onChainMismatches(signed, {
          confidentialJobId: record!.jobId.toString(),
          resultHash: record!.attestation!.resultHash,
          attestationProof: record!.attestation!.attestationProof,
          teeWorkerPubkey: record!.attestation!.teeWorkerPubkey,
        }),
      ).toEqual([]);

      for (const eventName of ['AttestationRecorded', 'JobProcessed']) {
        const page = await harness.storage.events.listRecent({
          contract: 'phalaJobProcessor',
          eventName,
          isFinal: true,
          limit: 100,
        });
        const forThisJob = page.items.filter((e) =>
          JSON.stringify(e.decoded).includes(`"jobId":"${submitted.id}"`),
        );
        expect({ eventName, seen: forThisJob.length > 0 }).toEqual({ eventName, seen: true });
      }
    },
    180_000,
  );

  it('rejects a privacy job whose payload was posted by someone other than the job owner', async () => {
    const bob = await harness.wallet('//Bob');
    const charlie = await harness.wallet('//Charlie');
    const job = await bob.submitJob({
      modelRef: 'confidential',
      dataRef: 'confidential',
      privacyRequired: true,
      budgetPlanck: PAS,
      deadlineBlocks: 30,
    });
    await charlie.submitConfidentialJob({ jobId: job.id, model: 'ocr:pp-ocrv4', data: image() });
    await bob.assignProvider(job.id, harness.services.worker.h160);
    const work = await harness.waitForWork(
      job.id,
      (w) => w.state === 'discovered' && w.reason !== null,
      60_000,
    );
    expect(work.reason).toMatch(/waiting for the confidential payload/);
  }, 90_000);
});
