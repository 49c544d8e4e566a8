import { Writable } from 'node:stream';
import type { KeyringPair } from '@polkadot/keyring/types';
import { stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { defaultContractAddresses } from '../../devnet/devnet';
import { startApiServer, type ApiServer } from '../../src/api';
import { mintApiToken } from '../../src/api/auth';
import { formatOwnerReadMessage } from '../../src/api/auth/owner-read-message';
import {
  onChainMismatches,
  parseSignedAttestation,
  verifyAttestation,
} from '../../src/attestation';

import { encryptConfidentialPayload, formatServicePublicKey } from '../../src/confidential';
import type { ContentDigest } from '../../src/content-store';
import { formatDataRef } from '../../src/references';
import { type Clock, NOOP_LOGGER } from '../../src/shared';
import { Secret } from '../../src/shared/secret';
import type { DialectName } from '../../src/storage';
import { renderTextImage } from '../fixtures/text-image';
import { STORY_DIALECTS } from '../support/databases';
import { TEST_API_CONFIG } from '../support/api-config';
import { startEngineHarness, type EngineHarness } from '../support/job-engine-harness';

const PAS = 10_000_000_000n;
const TEXT = ['CONFIDENTIAL 7'];
/** The dedicated attestation key (ATTESTATION_SEED); the worker signs transactions as //Dave. */
const ATTESTER = '//Attester';
const JWT_SECRET = new Secret('Vq3x8Lr0pT2mY9kZcN5sW1bH7dJ4fG6a');
const OWNER_SIGNATURE = 'X-PolkaMesh-Owner-Signature';

type Json = Record<string, any>;

/** The owner read header as a browser wallet builds it: signRaw wraps the message in <Bytes>. */
function ownerHeader(pair: KeyringPair, message: string): Record<string, string> {
  const signature = u8aToHex(pair.sign(u8aWrapBytes(stringToU8a(message))));
  return {
    [OWNER_SIGNATURE]: `signer=${pair.address}; message=${message}; signature=${signature}`,
  };
}

describe.each<DialectName>(STORY_DIALECTS)('confidential jobs on %s', (dialect) => {
  let harness: EngineHarness;
  let server: ApiServer;
  /** The API's clock: the real time, plus whatever a test moves it on by. */
  let clockSkewMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + clockSkewMs) };

  beforeAll(async () => {
    harness = await startEngineHarness(dialect, {
      SETTLEMENT_MODE: 'custodial',
      ATTESTATION_SEED: ATTESTER,
    });
    const { services } = harness;
    server = await startApiServer(
      {
        store: harness.storage,
        chain: harness.client,
        contracts: defaultContractAddresses(),
        readOrigin: services.worker.address,
        log: NOOP_LOGGER,
        logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
        clock,
        jobs: {
          work: harness.storage.work,
          contents: services.contents,
          identity: {
            provider: services.worker.h160,
            genesisHash: await harness.client.getGenesisHash(),
            confidentialPublicKey: services.confidentialKeys.publicKey,
          },
        },
      },
      { ...TEST_API_CONFIG, jwtSecret: JWT_SECRET },
    );
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await harness?.close();
  });

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, { headers });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as Json };
  };

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

  it("serves a private job's references, result and engine details only to its owner or an operator token", async () => {
    const bob = await harness.wallet('//Bob');
    const charlie = await harness.wallet('//Charlie');
    const label = 'confidential: label only bob should see';
    const job = await bob.submitJob({
      modelRef: label,
      dataRef: label,
      privacyRequired: true,
      budgetPlanck: PAS,
    });
    const { services } = harness;
    const key = await get('/confidential-key');
    expect(key).toMatchObject({
      status: 200,
      body: {
        version: 'pmenc1',
        publicKey: formatServicePublicKey(services.confidentialKeys.publicKey),
        provider: services.worker.h160,
      },
    });
    const payload = { jobId: Number(job.id), model: 'ocr:pp-ocrv4', data: image() };
    await bob.submitConfidentialPayload(
      encryptConfidentialPayload(payload, services.confidentialKeys.publicKey),
      key.body['publicKey'],
    );
    await bob.assignProvider(job.id, services.worker.h160);
    const work = await harness.waitForWork(job.id, (w) => w.state === 'succeeded', 120_000);
    const outputDigest = work.result!.outputDigest;
    const id = job.id.toString();

    // Anyone: the job and its non-secret facts, nothing that names the model, the data or the output
    const anonymous = await Promise.all([
      get(`/jobs/${id}`),
      get(`/jobs?owner=${bob.h160}`),
      get(`/api/jobs/${id}`),
      get(`/jobs/${id}/timeline`),
      get(`/jobs/${id}/result`),
      get(`/content/${outputDigest}`),
    ]);
    for (const { text } of anonymous) {
      for (const secret of [label, 'ocr:pp-ocrv4', TEXT[0]!]) {
        expect({ text, has: text.includes(secret) }).toEqual({ text, has: false });
      }
    }
    const [one, list, frontend, timeline, result, content] = anonymous;
    expect(one).toMatchObject({
      status: 200,
      body: { id, modelRef: 'withheld', dataRef: 'withheld', areRefsWithheld: true },
    });
    expect(list.body['items'].find((j: Json) => j['id'] === id)).toMatchObject({
      modelRef: 'withheld',
      dataRef: 'withheld',
    });
    expect(frontend.body['data']).toMatchObject({ modelRef: 'withheld', dataRef: 'withheld' });
    expect(timeline.status).toBe(200);
    expect(timeline.body['engine'].map((s: Json) => s['detail'])).toContain('withheld');
    expect(result).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHORIZED', details: { reason: 'owner-proof-required' } } },
    });
    expect(content.status).toBe(401);

    // Bob signs the service's challenge, as a wallet would: the output and the references
    const challenge = await get(`/jobs/${id}/access-challenge`);
    expect(challenge.body).toMatchObject({ jobId: id, header: OWNER_SIGNATURE });
    const asBob = ownerHeader(bob.pair, challenge.body['message']);
    const read = await get(`/jobs/${id}/result`, asBob);
    expect(read.status).toBe(200);
    expect(read.body['result']).toMatchObject({ outputDigest, output: { kind: 'text' } });
    expect(read.body['result']['output']['text'].replace(/\s+/g, ' ')).toBe(TEXT[0]);
    expect((await get(`/jobs/${id}`, asBob)).body).toMatchObject({
      modelRef: label,
      dataRef: label,
      areRefsWithheld: false,
    });
    expect((await get(`/jobs/${id}/timeline`, asBob)).text).toContain('ocr:pp-ocrv4');

    // Charlie's valid signature is not the owner's; a message for another job, service or time is refused
    const asCharlie = ownerHeader(charlie.pair, challenge.body['message']);
    for (const path of [`/jobs/${id}/result`, `/jobs/${id}`]) {
      expect(await get(path, asCharlie)).toMatchObject({
        status: 403,
        body: { error: { code: 'FORBIDDEN', details: { reason: 'not-owner' } } },
      });
    }
    const otherJob = await bob.submitJob({
      modelRef: label,
      dataRef: label,
      privacyRequired: true,
      budgetPlanck: PAS,
    });
    const forOtherJob = (await get(`/jobs/${otherJob.id}/access-challenge`)).body['message'];
    const genesisHash = await harness.client.getGenesisHash();
    const nowS = Math.floor(clock.now().getTime() / 1000);
    const bobMessage = (overrides: { provider?: string; expiresAt?: number }) =>
      formatOwnerReadMessage({
        genesisHash,
        queueContract: defaultContractAddresses().aiJobQueue,
        provider: services.worker.h160,
        jobId: job.id,
        expiresAt: nowS + 60,
        ...overrides,
      });
    const refused = [
      [forOtherJob, 'wrong-job'],
      [bobMessage({ provider: `0x${'11'.repeat(20)}` }), 'wrong-service'],
      [bobMessage({ expiresAt: nowS - 1 }), 'expired'],
    ] as const;
    for (const [message, reason] of refused) {
      expect(await get(`/jobs/${id}/result`, ownerHeader(bob.pair, message))).toMatchObject({
        status: 401,
        body: { error: { code: 'UNAUTHORIZED', details: { reason } } },
      });
    }
    // a captured header replayed after its expiry: refused once the API's clock passes it
    const captured = ownerHeader(bob.pair, bobMessage({ expiresAt: nowS + 60 }));
    expect((await get(`/jobs/${id}/result`, captured)).status).toBe(200);
    clockSkewMs += 61_000;
    try {
      expect(await get(`/jobs/${id}/result`, captured)).toMatchObject({
        status: 401,
        body: { error: { details: { reason: 'expired' } } },
      });
    } finally {
      clockSkewMs -= 61_000;
    }

    // An operator token with jobs:read-private reads it; one without the scope does not
    const token = (scopes: string[]) => ({
      authorization: `Bearer ${mintApiToken(JWT_SECRET, { sub: 'ops', scopes, ttlSeconds: 60 })}`,
    });
    expect((await get(`/jobs/${id}/result`, token(['jobs:read-private']))).status).toBe(200);
    expect(
      (await get(`/jobs?owner=${bob.h160}`, token(['jobs:read-private']))).body['items'],
    ).toContainEqual(expect.objectContaining({ id, modelRef: label }));
    expect((await get(`/jobs/${id}/result`, token(['content:read']))).status).toBe(403);
  }, 180_000);
});
