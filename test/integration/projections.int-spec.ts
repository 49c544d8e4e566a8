import type {
  ProjectedBatch,
  ProjectedConfidentialJob,
  ProjectedEscrow,
  ProjectedGrant,
  ProjectedIntent,
  ProjectedJob,
  ProjectedNft,
  ProjectedProvider,
} from '../../src/projections';
import { SqlStorage } from '../../src/storage';
import { TEST_DIALECTS, useMigratedDatabase } from '../support/databases';

const U128_MAX = 2n ** 128n - 1n;
const A = '0x9621dde636de098b43efb0fa9b61facfe328f99d';
const B = '0x1111111111111111111111111111111111111111';
const USER = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const at = (block: bigint, seq = 0) => ({ block, seq });

const job = (id: bigint, over: Partial<ProjectedJob> = {}): ProjectedJob => ({
  id,
  owner: A,
  modelRef: 'model:gpu:x',
  dataRef: 'data:1:y',
  budget: U128_MAX,
  status: 'Registered',
  assignedProvider: null,
  deadline: 4_294_967_295,
  privacyRequired: true,
  resultHash: null,
  completedBy: null,
  cancelCount: 0,
  submittedBlock: 3n,
  updated: at(3n, 1),
  ...over,
});

describe.each(TEST_DIALECTS)('projection repository on %s', (dialect) => {
  const db = useMigratedDatabase(dialect);
  const repo = () => new SqlStorage(db.database).projections;

  it('round-trips every row type exactly (u128 amounts, u32 maxima, nulls, flags)', async () => {
    const escrow: ProjectedEscrow = {
      jobId: U128_MAX,
      owner: A,
      provider: null,
      amount: U128_MAX,
      released: false,
      refunded: true,
      depositedBlock: null,
      updated: at(9n),
    };
    const provider: ProjectedProvider = {
      provider: B,
      endpoint: 'wss://p',
      computeUnits: 2n ** 64n - 1n,
      hourlyRate: U128_MAX,
      registeredAt: 1_700_000_000_000n,
      isActive: false,
      stake: 1n,
      reputationScore: 4_294_967_295,
      registeredBlock: 2n,
      updated: at(2n, 2_147_483_647),
    };
    const nft: ProjectedNft = {
      tokenId: 1n,
      owner: A,
      dataUri: 'ipfs://ü',
      privacyLevel: 255,
      mintedAt: 5n,
      accessPrice: U128_MAX,
      isTransferable: true,
      approved: B,
      isBurned: true,
      mintedBlock: 4n,
      updated: at(4n),
    };
    const grant: ProjectedGrant = {
      tokenId: 1n,
      grantee: B,
      isGranted: true,
      lastPayment: 3n,
      grantedBlock: 4n,
      revokedBlock: null,
      updated: at(4n, 1),
    };
    const cjob: ProjectedConfidentialJob = {
      jobId: 1n,
      owner: USER,
      encryptedPayload: 'eyJqb2JJZCI6MX0=',
      publicKey: '5Grw',
      createdAt: 6n,
      processed: true,
      attestation: { resultHash: 'h', attestationProof: 'p', teeWorkerPubkey: 'w', timestamp: 7n },
      attestationCount: 2,
      queueJobId: 1n,
      submittedBlock: 5n,
      updated: at(5n),
    };
    const intent: ProjectedIntent = {
      intentId: 1n,
      user: USER,
      encryptedIntent: 'e',
      tokenIn: 'DOT',
      tokenOut: 'USDT',
      minOutput: U128_MAX,
      status: 'Batched',
      createdAt: 8n,
      batchId: 1n,
      submittedBlock: 6n,
      updated: at(6n),
    };
    const batch: ProjectedBatch = {
      batchId: 1n,
      intentIds: [1n, 1n, U128_MAX],
      intentCount: 3,
      totalVolume: 9n,
      executionRoute: 'r',
      status: 'Executed',
      createdAt: 9n,
      executedAt: 10n,
      result: {
        success: true,
        totalInputAmount: 9n,
        totalOutputAmount: 8n,
        executionPrice: '1.0',
        timestamp: 10n,
      },
      executionCount: 1,
      createdBlock: 7n,
      updated: at(7n),
    };
    const r = repo();
    await r.upsertJob(
      job(1n, { assignedProvider: B, resultHash: 'x', completedBy: B, cancelCount: 2 }),
    );
    await r.upsertEscrow(escrow);
    await r.upsertProvider(provider);
    await r.upsertNft(nft);
    await r.upsertGrant(grant);
    await r.upsertConfidentialJob(cjob);
    await r.upsertIntent(intent);
    await r.upsertBatch(batch);
    expect(await r.getJob(1n)).toEqual(
      job(1n, { assignedProvider: B, resultHash: 'x', completedBy: B, cancelCount: 2 }),
    );
    expect(await r.getEscrow(U128_MAX)).toEqual(escrow);
    expect(await r.getProvider(B)).toEqual(provider);
    expect(await r.getNftWithGrants(1n)).toEqual({ nft, grants: [grant] });
    expect(await r.getConfidentialJob(1n)).toEqual(cjob);
    expect(await r.findConfidentialJobsForQueueJob(1n)).toEqual([cjob]);
    expect(await r.getIntent(1n)).toEqual(intent);
    expect(await r.getBatch(1n)).toEqual(batch);
    expect(await r.getBatch(2n)).toBeNull();
  });

  it('upserts in place and lists jobs newest id first with filters and cursors', async () => {
    const r = repo();
    for (const id of [2n, 9n, 10n, 11n, 100n]) {
      await r.upsertJob(
        job(id, {
          status: id % 2n === 0n ? 'Cancelled' : 'Assigned',
          assignedProvider: id % 2n === 0n ? null : B,
        }),
      );
    }
    await r.upsertJob(job(10n, { status: 'Completed', updated: at(9n) }));
    const first = await r.listJobs({ limit: 2 });
    expect(first.items.map((j) => j.id)).toEqual([100n, 11n]);
    const second = await r.listJobs({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((j) => j.id)).toEqual([10n, 9n]);
    const rest = await r.listJobs({ limit: 10, cursor: second.nextCursor });
    expect(rest.items.map((j) => j.id)).toEqual([2n, 1n]);
    expect(rest.nextCursor).toBeNull();
    expect(
      (await r.listJobs({ limit: 10, provider: B, status: 'Assigned' })).items.map((j) => j.id),
    ).toEqual([11n, 9n]);
    expect((await r.listJobs({ limit: 10, status: 'Completed' })).items.map((j) => j.id)).toEqual([
      10n,
    ]);
    expect((await r.listJobs({ limit: 10, owner: B })).items).toEqual([]);
  });

  it('filters jobs by model: the exact reference, or its kind before the colon', async () => {
    const r = repo();
    await r.upsertJob(job(1n, { modelRef: 'ocr:pp-ocrv4' }));
    await r.upsertJob(job(2n, { modelRef: 'ocr' }));
    await r.upsertJob(job(3n, { modelRef: 'ocrx:other' }));
    await r.upsertJob(job(4n, { modelRef: `onnx:sha256:${'ab'.repeat(32)}` }));
    const ids = async (model: string) =>
      (await r.listJobs({ limit: 10, model })).items.map((j) => j.id);
    expect(await ids('ocr')).toEqual([2n, 1n]);
    expect(await ids('ocr:pp-ocrv4')).toEqual([1n]);
    expect(await ids('onnx')).toEqual([4n]);
    expect(await ids('oc')).toEqual([]);
    expect(await ids('OCR')).toEqual([]);
  });

  it('lists providers by address and intents by status and batch', async () => {
    const r = repo();
    const base = (await r.getProvider(B))!;
    await r.upsertProvider({ ...base, provider: A, isActive: true });
    expect((await r.listProviders({ limit: 10 })).items.map((p) => p.provider)).toEqual(
      [B, A].sort(),
    );
    const active = await r.listProviders({ limit: 1, isActive: true });
    expect(active.items.map((p) => p.provider)).toEqual([A]);
    const page = await r.listProviders({ limit: 1 });
    expect((await r.listProviders({ limit: 1, cursor: page.nextCursor })).items).toHaveLength(1);
    const intent = (await r.getIntent(1n))!;
    await r.upsertIntent({ ...intent, intentId: 12n, status: 'Pending', batchId: null });
    expect((await r.listIntents({ limit: 10 })).items.map((i) => i.intentId)).toEqual([12n, 1n]);
    expect((await r.listIntents({ limit: 10, batchId: 1n })).items.map((i) => i.intentId)).toEqual([
      1n,
    ]);
    expect(
      (await r.listIntents({ limit: 10, status: 'Pending', user: USER })).items.map(
        (i) => i.intentId,
      ),
    ).toEqual([12n]);
  });

  it('stores a NUL in on-chain strings as U+FFFD (PostgreSQL text cannot hold NUL)', async () => {
    // anyone can put a NUL in submit_job's references; the follower must still store the job
    await repo().upsertJob(job(77n, { modelRef: 'ocr:\u0000pp', dataRef: '\u0007\u0000' }));
    expect(await repo().getJob(77n)).toMatchObject({
      modelRef: 'ocr:\uFFFDpp',
      dataRef: '\u0007\uFFFD',
    });
  });

  it('rolls projection writes back with the transaction', async () => {
    const storage = new SqlStorage(db.database);
    await expect(
      storage.transaction(async (tx) => {
        await tx.projections.upsertJob(job(500n));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await storage.projections.getJob(500n)).toBeNull();
  });

  // last: its jobs would show in the listings above
  it('reads a job with its escrow in one read, as getJob and getEscrow read them', async () => {
    const r = repo();
    const escrow: ProjectedEscrow = {
      jobId: U128_MAX,
      owner: B,
      provider: A,
      amount: U128_MAX,
      released: true,
      refunded: false,
      depositedBlock: 2n ** 63n - 1n,
      updated: at(12n, 4),
    };
    await r.upsertJob(job(U128_MAX, { privacyRequired: false, cancelCount: 3 }));
    await r.upsertEscrow(escrow);
    await r.upsertJob(job(5n));
    // the same repository twice: its statement is compiled once, then run with each id
    expect(await r.getJobWithEscrow(U128_MAX)).toEqual({
      job: await r.getJob(U128_MAX),
      escrow: await r.getEscrow(U128_MAX),
    });
    expect((await r.getJobWithEscrow(U128_MAX))?.escrow).toEqual(escrow);
    expect(await r.getJobWithEscrow(5n)).toEqual({ job: job(5n), escrow: null });
    expect(await r.getJobWithEscrow(6n)).toBeNull();
  });
});
