import type { H160 } from '../contracts/types';
import type {
  ProjectedConfidentialJob,
  ProjectedEscrow,
  ProjectedJob,
} from '../projections/projection-types';
import { AppError } from '../shared';
import type { JobWork } from '../jobs/engine';
import { SettlementCallService } from './settlement-call-service';
import type { PreparedExtrinsic, SettlementExtrinsics } from './settlement-extrinsics';

const BOB = '0x41dccbd49b26c50d34355ed86ff0fa9e489d1e01' as H160;
const WORKER = '0x306721211d5404bd9da88e0204360a1a9ab8b87c' as H160;
const ESCROW = '0x5A86A13EF7FC1C5E58F022BE183DE015DFB702AE';
const AT = { block: 1n, seq: 0 };

const failedWork = {
  queueJobId: 4n,
  provider: WORKER,
  state: 'failed',
  reason: 'bad input',
  result: null,
  confidentialId: null,
  settlement: 'awaiting-user',
} as unknown as JobWork;

const bobsEscrow: ProjectedEscrow = {
  jobId: 4n,
  owner: BOB,
  provider: WORKER,
  amount: 10n ** 18n,
  released: false,
  refunded: false,
  depositedBlock: 1n,
  updated: AT,
};

/** Records what it was asked to prepare; Bob is mapped unless `mapped` is false. */
class RecordingExtrinsics implements SettlementExtrinsics {
  readonly prepared: { origin: string; message: string; callData: string }[] = [];
  constructor(private readonly mapped = true) {}
  substrateAccountOf(h160: H160): Promise<string | null> {
    return Promise.resolve(
      this.mapped && h160 === BOB ? '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty' : null,
    );
  }
  prepare(origin: string, call: { message: string; callData: string }): Promise<PreparedExtrinsic> {
    this.prepared.push({ origin, message: call.message, callData: call.callData });
    return Promise.resolve({
      ok: true,
      gasLimit: { refTime: 1n, proofSize: 2n },
      storageDepositLimit: 0n,
      method: 'revive.call',
      callHex: '0x0102',
    });
  }
}

function service(
  rows: { work?: JobWork; job?: ProjectedJob; escrow?: ProjectedEscrow },
  extrinsics: SettlementExtrinsics,
): SettlementCallService {
  return new SettlementCallService(
    {
      work: { get: () => Promise.resolve(rows.work ?? null) },
      projections: {
        getJob: () => Promise.resolve(rows.job ?? null),
        getEscrow: () => Promise.resolve(rows.escrow ?? null),
        getConfidentialJob: () => Promise.resolve(null as ProjectedConfidentialJob | null),
      },
    },
    extrinsics,
    { escrowAddress: ESCROW, custody: null },
  );
}

describe('SettlementCallService', () => {
  it('prepares the refund as the depositor, with the escrow message call data', async () => {
    const extrinsics = new RecordingExtrinsics();
    const call = await service({ work: failedWork, escrow: bobsEscrow }, extrinsics).forJob(4n);
    expect(call).toMatchObject({
      jobId: 4n,
      action: 'refund',
      settlement: 'awaiting-user',
      signer: { h160: BOB, ss58: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty' },
      call: {
        contract: ESCROW.toLowerCase(),
        pallet: 'revive',
        message: 'refund_to_owner',
        value: 0n,
        extrinsic: { ok: true, method: 'revive.call' },
      },
    });
    expect(extrinsics.prepared).toEqual([
      {
        origin: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
        message: 'refund_to_owner',
        callData: `0x106f1eac04${'00'.repeat(15)}`,
      },
    ]);
  });

  it('says why no extrinsic can be built for a depositor who is not mapped', async () => {
    const extrinsics = new RecordingExtrinsics(false);
    const call = await service({ work: failedWork, escrow: bobsEscrow }, extrinsics).forJob(4n);
    expect(call.signer).toEqual({ h160: BOB, ss58: null });
    expect(call.call?.extrinsic).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/mapped/),
    });
    expect(extrinsics.prepared).toEqual([]);
  });

  it('answers with no call and the reason when nothing is to be signed', async () => {
    const extrinsics = new RecordingExtrinsics();
    const call = await service({ work: failedWork }, extrinsics).forJob(4n);
    expect(call).toMatchObject({ action: null, signer: null, call: null });
    expect(call.reason).toMatch(/no escrow/);
  });

  it.each([
    ['the depositor account', 'substrateAccountOf'],
    ['the dry run', 'prepare'],
  ] as const)('throws UNAVAILABLE when the chain read of %s fails', async (_what, method) => {
    const endpointError = new Error('No response received from RPC endpoint in 60s');
    const extrinsics = new RecordingExtrinsics();
    extrinsics[method] = () => Promise.reject<never>(endpointError);
    const forJob = service({ work: failedWork, escrow: bobsEscrow }, extrinsics).forJob(4n);
    await expect(forJob).rejects.toBeInstanceOf(AppError);
    await expect(forJob).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      details: { jobId: '4' },
      cause: endpointError,
    });
  });

  it('throws NOT_FOUND for a job neither the chain nor the ledger knows', async () => {
    const forJob = service({}, new RecordingExtrinsics()).forJob(9n);
    await expect(forJob).rejects.toBeInstanceOf(AppError);
    await expect(forJob).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
