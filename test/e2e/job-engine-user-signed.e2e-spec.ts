import { defaultContractAddresses } from '../../devnet/devnet';
import { startApiServer, type ApiConfig, type ApiServer } from '../../src/api';
import { NOOP_LOGGER } from '../../src/shared';
import type { PolkadotChainClient } from '../../src/chain/polkadot/polkadot-chain-client';
import { computeContentDigest } from '../../src/content-store';
import type { UserWallet } from '../../src/demo';
import { formatDataRef } from '../../src/references';
import type { DialectName } from '../../src/storage';
import { affineModel } from '../fixtures/onnx-models';
import { STORY_DIALECTS } from '../support/databases';
import { devRpc } from '../support/dev-rpc';
import { sendTx } from '../support/devnet-api';
import { chainClientFor } from '../support/follower-harness';
import { startEngineHarness, type EngineHarness } from '../support/job-engine-harness';
import { waitFor } from '../support/wait-for';
import { TEST_API_CONFIG } from '../support/api-config';

const PAS = 10_000_000_000n;
const GRACE_BLOCKS = 5;
const API_CONFIG: ApiConfig = {
  ...TEST_API_CONFIG,
  maxLagBlocks: 1000,
  chainTimeoutMs: 5_000,
  logLevel: 'error',
};

/** The body of GET /jobs/:id/settlement as a wallet reads it. */
interface SettlementBody {
  jobId: string;
  action: 'release' | 'refund' | null;
  reason: string;
  settlement: string | null;
  signer: { h160: string; ss58: string | null } | null;
  call: {
    contract: string;
    pallet: string;
    message: string;
    selector: string;
    args: { jobId: string };
    callData: string;
    value: string;
    extrinsic: { ok: true; method: string; callHex: string } | { ok: false; reason: string };
  } | null;
}

function tensorInput(name: string): string {
  const json = JSON.stringify({
    inputs: { [name]: { dims: [1, 2], data: [1, 1], type: 'float32' } },
  });
  return formatDataRef({
    kind: 'data-url',
    mediaType: 'application/json',
    bytes: Buffer.from(json),
  });
}

/**
 * SETTLEMENT_MODE=user-signed: Bob deposits the escrow himself, so only Bob can release or refund
 * it (spec §4.8.1). The service prepares the call over HTTP; Bob's wallet signs exactly that call.
 */
describe.each<DialectName>(STORY_DIALECTS)('user-signed settlement on %s', (dialect) => {
  let harness: EngineHarness;
  let client: PolkadotChainClient;
  let server: ApiServer;
  let bob: UserWallet;
  let modelDigest: string;
  const escrowAddress = defaultContractAddresses().paymentEscrow.toLowerCase();

  beforeAll(async () => {
    harness = await startEngineHarness(dialect, { SETTLEMENT_MODE: 'user-signed' });
    client = chainClientFor([harness.chain.devnet.url]);
    await client.start();
    server = await startApiServer(
      {
        store: harness.storage,
        chain: client,
        contracts: defaultContractAddresses(),
        readOrigin: null,
        log: NOOP_LOGGER,
        jobs: {
          work: harness.storage.work,
          contents: harness.services.contents,
          settlement: harness.services.settlementCalls,
        },
      },
      API_CONFIG,
    );
    bob = await harness.wallet('//Bob');
    const model = affineModel();
    modelDigest = await harness.services.contents.put(model, 'application/onnx', {
      asModel: true,
    });
    expect(modelDigest).toBe(computeContentDigest(model));
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await client?.stop();
    await harness?.close();
  });

  /** Bob submits a job, deposits 1 PAS for our worker and assigns it. */
  async function bobsJob(input: string, deadlineBlocks = 1000): Promise<bigint> {
    const worker = harness.services.worker.h160;
    const job = await bob.submitJob({
      modelRef: `onnx:${modelDigest}`,
      dataRef: input,
      deadlineBlocks,
      privacyRequired: false,
      budgetPlanck: PAS,
    });
    await bob.depositForJob(job.id, worker, PAS);
    await bob.assignProvider(job.id, worker);
    return job.id;
  }

  async function getSettlement(jobId: bigint): Promise<{ status: number; body: SettlementBody }> {
    const response = await fetch(`${server.url}/jobs/${jobId}/settlement`);
    return { status: response.status, body: (await response.json()) as SettlementBody };
  }

  /** What Bob's wallet does: poll until an action is offered, check it, sign that very call. */
  async function signOffered(
    jobId: bigint,
    action: 'release' | 'refund',
    settlement: 'awaiting-user' | 'flagged' = 'awaiting-user',
  ): Promise<SettlementBody> {
    const offered = await waitFor(
      async () => {
        const { status, body } = await getSettlement(jobId);
        return status === 200 && body.action !== null ? body : null;
      },
      60_000,
      `a settlement action for job ${jobId}`,
      200,
    );
    expect(offered).toMatchObject({
      jobId: jobId.toString(),
      action,
      settlement,
      signer: { h160: bob.h160, ss58: bob.address },
      call: {
        contract: escrowAddress,
        pallet: 'revive',
        message: action === 'release' ? 'release_to_provider' : 'refund_to_owner',
        args: { jobId: jobId.toString() },
        value: '0',
        extrinsic: { ok: true, method: 'revive.call' },
      },
    });
    const call = offered.call!;
    const extrinsic = call.extrinsic as { callHex: string };
    // Bob's wallet checks that what it signs is the call it was told about, using only Polkadot.js.
    const api = harness.chain.api;
    const decoded = api.createType('Call', extrinsic.callHex);
    expect(`${decoded.section}.${decoded.method}`).toBe('revive.call');
    expect(decoded.args[0]!.toHex().toLowerCase()).toBe(escrowAddress);
    expect(decoded.args[4]!.toHex()).toBe(call.callData);
    const outcome = await sendTx(api.tx(decoded), bob.pair);
    expect(outcome).toMatchObject({ success: true });
    return offered;
  }

  async function escrowOnChain(jobId: bigint) {
    const escrow = (await bob.read('paymentEscrow', 'getEscrow', jobId)).toJSON() as {
      owner: string;
      released: boolean;
      refunded: boolean;
    };
    return { ...escrow, owner: escrow.owner.toLowerCase() };
  }

  async function freeBalance(address: string): Promise<bigint> {
    const account = await harness.chain.api.query.system.account(address);
    return account.data.free.toBigInt();
  }

  it('prepares the release for Bob, who signs it; the provider is paid and the ledger follows', async () => {
    const worker = harness.services.worker;
    const jobId = await bobsJob(tensorInput('x'));
    const waiting = await harness.waitForWork(
      jobId,
      (w) => w.state === 'succeeded' && w.settlement === 'awaiting-user',
      120_000,
    );
    expect(waiting.followUpDone).toBe(false);
    expect(await escrowOnChain(jobId)).toMatchObject({ owner: bob.h160, released: false });

    // Whatever the attestation's progress, the answer names Bob as the only possible signer.
    const early = await getSettlement(jobId);
    expect(early.status).toBe(200);
    expect(early.body.signer).toEqual({ h160: bob.h160, ss58: bob.address });
    expect(['release', null]).toContain(early.body.action);

    const providerBefore = await freeBalance(worker.address);
    await signOffered(jobId, 'release');
    expect(await escrowOnChain(jobId)).toMatchObject({ released: true, refunded: false });
    // The 1 PAS escrow arrives; the worker's own fees meanwhile are a few millionths of a PAS.
    expect((await freeBalance(worker.address)) - providerBefore).toBeGreaterThan(PAS / 2n);

    const settled = await harness.waitForWork(jobId, (w) => w.followUpDone, 60_000);
    expect(settled).toMatchObject({ state: 'succeeded', settlement: 'released' });
    const after = await getSettlement(jobId);
    expect(after.body).toMatchObject({ action: null, settlement: 'released', call: null });
    expect(after.body.reason).toMatch(/already released/);
  }, 180_000);

  it('offers a refund after a job fails at execution; Bob signs it and gets his deposit back', async () => {
    const jobId = await bobsJob(tensorInput('not-an-input'));
    const failed = await harness.waitForWork(
      jobId,
      (w) => w.state === 'failed' && w.settlement === 'awaiting-user',
      120_000,
    );
    expect(failed.reason).toMatch(/not-an-input|missing|input/);

    const bobBefore = await bob.freeBalance();
    const offered = await signOffered(jobId, 'refund');
    expect(offered.reason).toMatch(/failed/);
    expect(await escrowOnChain(jobId)).toMatchObject({ released: false, refunded: true });
    // 1 PAS back, less the fee of the refund extrinsic itself.
    expect((await bob.freeBalance()) - bobBefore).toBeGreaterThan(PAS / 2n);

    const settled = await harness.waitForWork(jobId, (w) => w.followUpDone, 60_000);
    expect(settled).toMatchObject({ state: 'failed', settlement: 'refunded' });
  }, 180_000);

  it('flags an escrow nobody settles once the deadline and the grace blocks pass', async () => {
    const jobId = await bobsJob(tensorInput('x'), 60);
    const done = await harness.waitForWork(
      jobId,
      (w) => w.state === 'succeeded' && w.settlement === 'awaiting-user',
      120_000,
    );
    const deadline = done.deadlineBlock;
    const best = (await harness.chain.api.rpc.chain.getHeader()).number.toNumber();
    expect(best).toBeLessThanOrEqual(deadline + GRACE_BLOCKS);
    await devRpc(harness.chain.devnet.url, 'dev_newBlock', [deadline + GRACE_BLOCKS + 2 - best]);

    const flagged = await harness.waitForWork(jobId, (w) => w.settlement === 'flagged', 60_000);
    expect(flagged).toMatchObject({ state: 'succeeded', followUpDone: false });
    expect(flagged.settlementReason).toMatch(/only its depositor can settle it/);
    expect(await escrowOnChain(jobId)).toMatchObject({ released: false, refunded: false });

    // Bob can still pay late: the release stays on offer, and the ledger follows when he does.
    await signOffered(jobId, 'release', 'flagged');
    const settled = await harness.waitForWork(jobId, (w) => w.followUpDone, 60_000);
    expect(settled).toMatchObject({ settlement: 'released', settlementReason: null });
  }, 180_000);

  it('offers the refund of a job its owner cancelled before the service saw it assigned', async () => {
    const worker = harness.services.worker.h160;
    const engine = harness.services.engine;
    // no engine pass between the assignment and the cancellation: the projections show the job
    // Cancelled when the engine first looks
    await engine.stop();
    let jobId: bigint;
    try {
      const job = await bob.submitJob({
        modelRef: `onnx:${modelDigest}`,
        dataRef: tensorInput('x'),
        privacyRequired: false,
        budgetPlanck: PAS,
      });
      jobId = job.id;
      await bob.depositForJob(jobId, worker, PAS);
      await bob.assignProvider(jobId, worker);
      await bob.cancelJob(jobId);
      await waitFor(
        async () => (await harness.storage.projections.getJob(jobId))?.status === 'Cancelled',
        60_000,
        'the cancellation projected',
      );
    } finally {
      engine.start();
    }
    const cancelled = await harness.waitForWork(jobId, (w) => w.state === 'cancelled', 60_000);
    expect(cancelled.reason).toMatch(/cancelled/);
    const offered = await signOffered(jobId, 'refund');
    expect(offered.reason).toMatch(/cancelled/);
    expect(await escrowOnChain(jobId)).toMatchObject({ released: false, refunded: true });
    const settled = await harness.waitForWork(jobId, (w) => w.followUpDone, 60_000);
    expect(settled).toMatchObject({ state: 'cancelled', settlement: 'refunded' });
  }, 180_000);

  it('answers 404 in the error shape for a job nobody submitted', async () => {
    const { status, body } = await getSettlement(987_654_321n);
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
