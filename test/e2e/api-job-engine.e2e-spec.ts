import { Writable } from 'node:stream';
import { defaultContractAddresses } from '../../devnet/devnet';
import {
  startApiServer,
  type ApiConfig,
  type ApiDependencies,
  type ApiServer,
} from '../../src/api';
import {
  attestationDigest,
  parseSignedAttestation,
  toOnChainAttestation,
} from '../../src/attestation';
import { NOOP_LOGGER } from '../../src/shared';
import { computeContentDigest } from '../../src/content-store';
import { FOLLOW_UP_STEPS, stepKey, type JobWork } from '../../src/jobs/engine';
import { formatDataRef } from '../../src/references';
import { SqlProjectionTotals, type DialectName } from '../../src/storage';
import { renderTextImage } from '../fixtures/text-image';
import { STORY_DIALECTS } from '../support/databases';
import { startEngineHarness, type EngineHarness } from '../support/job-engine-harness';
import { waitFor } from '../support/wait-for';
import { TEST_API_CONFIG } from '../support/api-config';
import { runVerifyAttestation } from '../../cli/verify-attestation-command';

const TEXT = ['POLKAMESH 2026', 'Hello world 42'];
const PAS = 10_000_000_000n;

const API_CONFIG: ApiConfig = {
  ...TEST_API_CONFIG,
  signerMinBalancePlanck: PAS,
};

type Json = Record<string, any>;

/** The value of one sample line of the exposition text, or null when it is absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

describe.each<DialectName>(STORY_DIALECTS)(
  'the API over a job the engine ran, on %s',
  (dialect) => {
    let harness: EngineHarness;
    let server: ApiServer;
    let work: JobWork;
    let jobId: bigint;
    let image: Uint8Array;

    const deps = (): ApiDependencies => ({
      store: harness.storage,
      chain: harness.client,
      contracts: defaultContractAddresses(),
      readOrigin: harness.services.worker.address,
      log: NOOP_LOGGER,
      logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
      jobs: {
        work: harness.storage.work,
        contents: harness.services.contents,
        attestationPublicKey: harness.services.attestationKey,
        signers: [
          { role: 'worker', address: harness.services.worker.address },
          { role: 'custody', address: harness.services.custody.address },
        ],
      },
      totals: new SqlProjectionTotals(harness.database),
    });
    const get = async (path: string, base = server.url) => {
      const res = await fetch(`${base}${path}`);
      const text = await res.text();
      return {
        status: res.status,
        text,
        body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as Json,
      };
    };

    beforeAll(async () => {
      harness = await startEngineHarness(dialect, { SETTLEMENT_MODE: 'custodial' });
      server = await startApiServer(deps(), API_CONFIG);
      const bob = await harness.wallet('//Bob');
      image = renderTextImage(TEXT);
      const submitted = await bob.submitJob({
        modelRef: 'ocr:pp-ocrv4',
        dataRef: formatDataRef({ kind: 'data-url', mediaType: 'image/png', bytes: image }),
        privacyRequired: false,
        budgetPlanck: PAS,
      });
      jobId = submitted.id;
      await bob.assignProvider(jobId, harness.services.worker.h160);
      work = await harness.waitForWork(jobId, (w) => w.followUpDone, 150_000);
      // The API reads projections: wait until the follower has the release and the attestation.
      await waitFor(
        async () => (await harness.storage.projections.getEscrow(jobId))?.released,
        30_000,
        'the release projected',
      );
      // followUpDone reads the projections; the outbox marks its actions finalized on its own pace.
      const keys = FOLLOW_UP_STEPS.map((step) => stepKey(jobId, step));
      await waitFor(
        async () => {
          const actions = await harness.storage.actions.findByKeys(keys);
          const steps = actions.map((a) => a.message);
          return (
            steps.includes('mark_completed') &&
            steps.includes('release_to_provider') &&
            actions.every((a) => a.status === 'finalized')
          );
        },
        30_000,
        "every one of the job's on-chain steps finalized",
      );
    }, 240_000);

    afterAll(async () => {
      await server?.close();
      await harness?.close();
    });

    it('GET /jobs/:id/result returns the OCR text inline with the digests the chain holds', async () => {
      const job = await harness.storage.projections.getJob(jobId);
      const { status, body } = await get(`/jobs/${jobId}/result`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        id: jobId.toString(),
        state: 'succeeded',
        isFinished: true,
        attempts: 1,
        reason: null,
        settlement: 'released',
        followUpDone: true,
        discoveredAt: work.discoveredAt.toISOString(),
        finishedAt: work.finishedAt!.toISOString(),
      });
      const result = body['result'];
      expect(result.outputDigest).toBe(job!.resultHash);
      expect(result.inputDigest).toBe(computeContentDigest(image));
      expect(result.modelDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(result.durationMs).toBe(work.result!.durationMs);
      expect(result.output.kind).toBe('text');
      const lines = (result.output.text as string)
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim());
      expect(lines).toEqual(TEXT);
      expect(computeContentDigest(new TextEncoder().encode(result.output.text))).toBe(
        result.outputDigest,
      );
    });

    it('GET /jobs/:id/result answers 404 for a job this service did not work', async () => {
      const { status, body } = await get(`/jobs/${jobId + 1000n}/result`);
      expect(status).toBe(404);
      expect(body['error'].code).toBe('NOT_FOUND');
    });

    it('GET /jobs/:id/attestation verifies ours and finds it recorded on-chain', async () => {
      const signed = parseSignedAttestation(work.attestation!);
      const onChain = toOnChainAttestation(signed);
      const { status, body } = await get(`/jobs/${jobId}/attestation`);
      expect(status).toBe(200);
      expect(body['verification']).toEqual({
        ok: true,
        digest: attestationDigest(signed.envelope),
      });
      expect(body['signed'].signature).toBe(signed.signature);
      expect(body['signed'].envelope).toMatchObject({
        queueJobId: jobId.toString(),
        outputDigest: work.result!.outputDigest,
      });
      expect(body['onChain']).toMatchObject({
        confidentialJobId: work.confidentialId!.toString(),
        resultHash: onChain.resultHash,
        attestationProof: onChain.attestationProof,
        teeWorkerPubkey: onChain.teeWorkerPubkey,
        processed: true,
        attestationCount: 1,
      });
      expect(body['matchesOnChain']).toBe(true);
      expect(body['attestationPublicKey']).toBe(harness.services.attestationKey);
      expect(body['signed'].envelope).toMatchObject({
        version: 2,
        workerPublicKey: harness.services.attestationKey,
        confidential: { jobId: work.confidentialId!.toString() },
      });
    });

    it('polkamesh verify-attestation accepts the body of GET /jobs/:id/attestation as it is, from the URL', async () => {
      const url = `${server.url}/jobs/${jobId}/attestation`;
      const signed = parseSignedAttestation(work.attestation!);
      const run = async (source: string, publicKey?: string) => {
        let out = '';
        const code = await runVerifyAttestation(
          source,
          { json: true, ...(publicKey === undefined ? {} : { publicKey }) },
          (text) => {
            out += text;
          },
        );
        return { code, result: JSON.parse(out) as Json };
      };
      const pinned = await run(url, harness.services.attestationKey);
      expect(pinned.code).toBe(0);
      expect(pinned.result).toMatchObject({
        ok: true,
        form: 'api-body',
        version: 2,
        digest: attestationDigest(signed.envelope),
        confidentialJobId: work.confidentialId!.toString(),
        pinned: true,
        onChainMismatches: [],
      });
      // Pinned to the worker's transaction key instead, it is refused: the keys differ.
      const onWorkerKey = await run(url, harness.services.worker.accountId);
      expect(onWorkerKey).toMatchObject({ code: 1, result: { ok: false, reason: 'wrong-key' } });
      // A job the service never attested answers 404: the input is unreadable, exit 2.
      const missing = await run(`${server.url}/jobs/${jobId + 1000n}/attestation`);
      expect(missing).toMatchObject({ code: 2, result: { reason: 'unreadable-input' } });
    });

    it('GET /api/jobs/:id and /api/jobs/:id/attestation show the anchor attestation as verified', async () => {
      const anchor = await harness.storage.projections.getConfidentialJob(work.confidentialId!);
      const expected = {
        job_id: Number(work.confidentialId),
        queue_job_id: Number(jobId),
        result_hash: work.result!.outputDigest,
        attestation_proof: anchor!.attestation!.attestationProof,
        tee_worker_pubkey: harness.services.attestationKey,
        timestamp: Number(anchor!.attestation!.timestamp / 1000n),
        verified: true,
        processed: true,
        attestation_count: 1,
      };
      const attestation = await get(`/api/jobs/${jobId}/attestation`);
      expect(attestation.status).toBe(200);
      expect(attestation.body).toEqual({ success: true, data: expected });
      const job = await get(`/api/jobs/${jobId}`);
      expect(job.body['data']).toMatchObject({
        status: 'Completed',
        resultHash: work.result!.outputDigest,
        attestation: expected,
      });
    });

    it('GET /jobs/:id/timeline merges the engine stages (ms gaps) with the chain stages (blocks)', async () => {
      const { status, body } = await get(`/jobs/${jobId}/timeline`);
      expect(status).toBe(200);
      const chainStages = (body['stages'] as Json[]).map((s) => s['stage']);
      expect(chainStages).toEqual(
        expect.arrayContaining(['submitted', 'assigned', 'deposited', 'completed', 'released']),
      );
      const engine = body['engine'] as Json[];
      const stored = await harness.storage.work.listEvents(jobId);
      expect(engine.map((s) => s['stage'])).toEqual(stored.map((e) => e.stage));
      expect(engine.map((s) => s['stage'])).toEqual(
        expect.arrayContaining(['discovered', 'admitted', 'queued', 'running', 'succeeded']),
      );
      engine.forEach((s, i) => {
        expect(s['at']).toBe(stored[i]!.at.toISOString());
        const gap = i === 0 ? null : stored[i]!.at.getTime() - stored[i - 1]!.at.getTime();
        expect(s['msSincePrevious']).toBe(gap);
        expect(s['msSinceDiscovered']).toBe(stored[i]!.at.getTime() - stored[0]!.at.getTime());
      });
      const merged = body['merged'] as Json[];
      expect(merged).toHaveLength(engine.length + chainStages.length);
      const times = merged.map((m) => Date.parse(m['at']));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const m of merged) {
        expect(m['block'] === null).toBe(m['source'] === 'engine');
      }
      const completed = merged.find((m) => m['stage'] === 'completed');
      const submitted = (body['stages'] as Json[]).find((s) => s['stage'] === 'submitted');
      expect(BigInt(completed!['block'])).toBeGreaterThan(BigInt(submitted!['block']));
    });

    it('GET /stats counts the job, its execution time, escrow and outbox from real rows', async () => {
      const { status, body } = await get('/stats');
      expect(status).toBe(200);
      expect(body['jobs'].byStatus.Completed).toBe(1);
      expect(body['work']).toMatchObject({
        byState: { succeeded: 1, failed: 0, running: 0 },
        bySettlement: { released: 1 },
        successRate: 100,
        executionMs: { count: 1, p50: work.result!.durationMs, p95: work.result!.durationMs },
      });
      expect(body['escrows'].released.count).toBe(1);
      expect(body['escrows'].held).toEqual({ count: 0, amount: '0' });
      expect(body['confidentialJobs']).toMatchObject({ processed: 1, attested: 1 });
      const finalized = body['chainActions'].byStatus.finalized as number;
      expect(finalized).toBeGreaterThanOrEqual(6);
      expect(body['events'].final).toBe(await harness.storage.events.count({ isFinal: true }));
      expect(body['events'].quarantined).toBe(0);
    });

    it('GET /metrics exposes the job, its stages, its transactions, escrows and signer balances', async () => {
      const first = (await get('/metrics')).text;
      expect(sample(first, 'polkamesh_job_work{state="succeeded"}')).toBe(1);
      expect(sample(first, 'polkamesh_job_settlement{state="released"}')).toBe(1);
      for (const span of ['discovered_admitted', 'admitted_running', 'running_finished']) {
        expect(sample(first, `polkamesh_job_stage_duration_seconds_count{span="${span}"}`)).toBe(1);
        expect(
          sample(first, `polkamesh_job_stage_duration_seconds_bucket{span="${span}",le="+Inf"}`),
        ).toBe(1);
      }
      const executor = work.result!.executorVersion;
      expect(
        sample(first, `polkamesh_executor_duration_seconds_count{executor="${executor}"}`),
      ).toBe(1);
      expect(sample(first, `polkamesh_executor_duration_seconds_sum{executor="${executor}"}`)).toBe(
        work.result!.durationMs / 1000,
      );
      expect(sample(first, 'polkamesh_tx_inclusion_blocks_count{message="mark_completed"}')).toBe(
        1,
      );
      expect(
        sample(first, 'polkamesh_tx_finality_seconds_count{message="release_to_provider"}'),
      ).toBe(1);
      expect(sample(first, 'polkamesh_escrows{state="released"}')).toBe(1);
      expect(sample(first, 'polkamesh_queue_jobs{status="Completed"}')).toBe(1);
      expect(sample(first, 'polkamesh_signer_balance_readable{role="worker"}')).toBe(1);
      const balance = sample(
        first,
        `polkamesh_signer_free_balance_planck{role="worker",address="${harness.services.worker.address}"}`,
      );
      expect(balance).toBeGreaterThan(Number(PAS));
      expect(sample(first, 'polkamesh_chain_events_ingested_total')).toBeGreaterThan(0);
      expect(first).toMatch(/^polkamesh_finalized_lag_seconds \d+(\.\d+)?$/m);
      expect(first).toMatch(/^polkamesh_chain_actions\{status="finalized"\} \d+$/m);

      // Cumulative over rows that never change: a second scrape never shows fewer observations.
      const second = (await get('/metrics')).text;
      const counts = (text: string) =>
        text
          .split('\n')
          .filter((l) => /_(count|bucket)\{/.test(l) && l.startsWith('polkamesh_'))
          .map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]);
      const later = new Map(counts(second) as [string, number][]);
      for (const [series, value] of counts(first) as [string, number][]) {
        expect(later.get(series)).toBeGreaterThanOrEqual(value);
      }
    });

    it('GET /ready fails with SIGNER_BALANCE_LOW when a signer holds less than the minimum', async () => {
      await waitFor(async () => (await get('/ready')).status === 200, 30_000, 'ready');
      const strict = await startApiServer(deps(), {
        ...API_CONFIG,
        signerMinBalancePlanck: 10n ** 30n,
      });
      try {
        const { status, body } = await get('/ready', strict.url);
        expect(status).toBe(503);
        expect(body['status']).toBe('not_ready');
        const low = (body['reasons'] as Json[]).filter((r) => r['code'] === 'SIGNER_BALANCE_LOW');
        expect(low.map((r) => r['message'])).toEqual([
          expect.stringContaining(`worker signer ${harness.services.worker.address}`),
          expect.stringContaining(`custody signer ${harness.services.custody.address}`),
        ]);
      } finally {
        await strict.close();
      }
    });
  },
);
