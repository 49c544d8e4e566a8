import type { H160 } from '../../src/contracts/types';
import type { ProjectedEscrow, ProjectedJob } from '../../src/projections';
import type { Database } from '../../src/storage';
import { escrowToRow, jobToRow } from '../../src/storage/sql-projection-rows';
import { toDecimal, toTimestamp } from '../../src/storage/sql-values';

/** Rows per multi-row insert: 15 columns each, well under SQLite's 32,766 parameters. */
const CHUNK = 1_000;
const address = (byte: number): H160 => `0x${byte.toString(16).padStart(2, '0').repeat(20)}`;
const PROVIDERS: readonly H160[] = Array.from({ length: 16 }, (_, i) => address(i + 1));
const OWNERS: readonly H160[] = Array.from({ length: 64 }, (_, i) => address(i + 0x40));

export interface SeedPlan {
  readonly jobs: number;
  /** the last `queued` of the jobs are assigned to `worker` and queued in job_work */
  readonly queued: number;
  readonly worker: H160;
}

function job(id: number, plan: SeedPlan): { job: ProjectedJob; escrow: ProjectedEscrow } {
  const isQueued = id > plan.jobs - plan.queued;
  const owner = OWNERS[id % OWNERS.length]!;
  const provider = isQueued ? plan.worker : PROVIDERS[id % PROVIDERS.length]!;
  const block = BigInt(id);
  const digest = id.toString(16).padStart(64, '0');
  return {
    job: {
      id: BigInt(id),
      owner,
      modelRef: ['ocr:pp-ocrv4', 'audio:silero-vad', 'vision:mobilenet-v2'][id % 3]!,
      dataRef: `cas:sha256:${digest}`,
      budget: 10_000_000_000n * 100_000_000n,
      status: isQueued ? 'Assigned' : 'Completed',
      assignedProvider: provider,
      deadline: id + 100_000,
      privacyRequired: false,
      resultHash: isQueued ? null : `sha256:${digest}`,
      completedBy: isQueued ? null : provider,
      cancelCount: 0,
      submittedBlock: block,
      updated: { block: block + 3n, seq: 0 },
    },
    escrow: {
      jobId: BigInt(id),
      owner,
      provider,
      amount: isQueued ? 10_000_000_000n * 100_000_000n : 0n,
      released: !isQueued,
      refunded: false,
      depositedBlock: block + 1n,
      updated: { block: block + 4n, seq: 0 },
    },
  };
}

/**
 * Seeds a migrated database with `plan.jobs` projected ai_job_queue jobs and their escrows (rows
 * as the projection repository writes them, through its own row mappers), the last `plan.queued`
 * of them assigned to the worker and `queued` in job_work, due in a day so that the engine holds
 * them without starting them during the measurement. Multi-row inserts in one transaction.
 */
export async function seedJobs(database: Database, plan: SeedPlan): Promise<void> {
  const dueLater = toTimestamp(new Date(Date.now() + 86_400_000));
  const now = toTimestamp(new Date());
  await database.db.transaction().execute(async (tx) => {
    for (let first = 1; first <= plan.jobs; first += CHUNK) {
      const rows = [];
      for (let id = first; id < Math.min(first + CHUNK, plan.jobs + 1); id++) {
        rows.push(job(id, plan));
      }
      await tx
        .insertInto('queue_jobs')
        .values(rows.map((r) => jobToRow(r.job)))
        .execute();
      await tx
        .insertInto('escrows')
        .values(rows.map((r) => escrowToRow(r.escrow)))
        .execute();
      const queued = rows.filter((r) => r.job.status === 'Assigned').map((r) => r.job);
      if (queued.length > 0) {
        await tx
          .insertInto('job_work')
          .values(
            queued.map((j) => ({
              queue_job_id: toDecimal(j.id, 'queueJobId'),
              provider: plan.worker,
              owner: j.owner,
              model_ref: j.modelRef,
              data_ref: j.dataRef,
              budget: toDecimal(j.budget, 'budget'),
              deadline_block: BigInt(j.deadline),
              privacy_required: 0,
              confidential_id: null,
              state: 'queued',
              attempts: 0,
              next_attempt_at: dueLater,
              reason: null,
              input_digest: `sha256:${'ab'.repeat(32)}`,
              result: null,
              attestation: null,
              settlement: 'none',
              settlement_reason: null,
              follow_up_done: 0,
              discovered_at: now,
              updated_at: now,
              finished_at: null,
            })),
          )
          .execute();
      }
    }
  });
}
