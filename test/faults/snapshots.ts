import type { UserWallet } from '../../src/demo';
import type { Database } from '../../src/storage';
import type { RecordedEvent } from './chain-recorder';
import { escrowOf } from './job-traffic';
import type {
  ApiJob,
  ChainEscrow,
  ChainJob,
  ChainTruth,
  DeploymentSnapshot,
  StoredEvent,
} from './judge-types';
import type { ServiceHttp } from './service-http';
import type { SubmittedJob } from './job-traffic';
import type { RecordedCall } from './chain-recorder';

/** The deployment's keys, as the judge matches them against the chain's signers and events. */
export interface DeploymentKeys {
  readonly workerAccount: string;
  readonly workerH160: string;
  readonly custodyAccount: string;
  readonly custodyH160: string;
  readonly settlementMode: 'user-signed' | 'custodial';
}

/** Reads the store's rows the judge compares (plain SQL through Kysely, read-only). */
export async function readStore(
  name: string,
  database: Database,
  keys: DeploymentKeys,
  api: readonly ApiJob[],
): Promise<DeploymentSnapshot> {
  const db = database.db;
  const cursor = await db
    .selectFrom('chain_cursors')
    .select('block_number')
    .where('lane', '=', 'finalized')
    .executeTakeFirst();
  const events = await db
    .selectFrom('chain_events')
    .select(['block_hash', 'event_index', 'block_number', 'event_name'])
    .where('is_final', '=', 1)
    .execute();
  const quarantined = await db
    .selectFrom('quarantined_events')
    .select(['block_hash', 'event_index', 'block_number', 'reason'])
    .where('is_final', '=', 1)
    .execute();
  const storedEvents: StoredEvent[] = [
    ...events.map((row) => ({
      key: `${row.block_hash}:${Number(row.event_index)}`,
      block: Number(row.block_number),
      name: row.event_name,
      reason: null,
    })),
    ...quarantined.map((row) => ({
      key: `${row.block_hash}:${Number(row.event_index)}`,
      block: Number(row.block_number),
      name: null,
      reason: row.reason,
    })),
  ];
  const work = await db
    .selectFrom('job_work')
    .select([
      'queue_job_id',
      'state',
      'attempts',
      'reason',
      'settlement',
      'settlement_reason',
      'follow_up_done',
      'confidential_id',
    ])
    .execute();
  const actions = await db
    .selectFrom('chain_actions')
    .select(['idempotency_key', 'message', 'status', 'attempts', 'last_error'])
    .execute();
  const jobs = await db.selectFrom('queue_jobs').select(['job_id', 'status']).execute();
  const escrows = await db
    .selectFrom('escrows')
    .select(['job_id', 'owner', 'released', 'refunded'])
    .execute();
  return {
    name,
    ...keys,
    cursor: cursor === undefined ? -1 : Number(cursor.block_number),
    storedEvents,
    work: work.map((row) => ({
      jobId: BigInt(row.queue_job_id),
      state: row.state,
      attempts: Number(row.attempts),
      reason: row.reason,
      settlement: row.settlement,
      settlementReason: row.settlement_reason,
      followUpDone: Number(row.follow_up_done) === 1,
      confidentialId: row.confidential_id === null ? null : BigInt(row.confidential_id),
    })),
    actions: actions.map((row) => ({
      key: row.idempotency_key,
      message: row.message,
      status: row.status,
      attempts: Number(row.attempts),
      lastError: row.last_error,
    })),
    projectedJobs: new Map(jobs.map((row) => [BigInt(row.job_id), row.status])),
    projectedEscrows: new Map(
      escrows.map((row) => [
        BigInt(row.job_id),
        {
          owner: row.owner.toLowerCase(),
          released: Number(row.released) === 1,
          refunded: Number(row.refunded) === 1,
        },
      ]),
    ),
    api,
  };
}

/** GET /jobs/:id and /jobs/:id/result for each job, as a client reads them. */
export async function readApi(
  http: ServiceHttp,
  url: string,
  jobIds: readonly bigint[],
): Promise<ApiJob[]> {
  const answers: ApiJob[] = [];
  for (const id of jobIds) {
    const job = await http.get(url, `/jobs/${id}`);
    const result = await http.get(url, `/jobs/${id}/result`);
    answers.push({
      id,
      httpStatus: job?.status ?? null,
      status: job?.status === 200 ? (job.json<{ status?: string }>().status ?? null) : null,
      resultHttpStatus: result?.status ?? null,
      resultState:
        result?.status === 200 ? (result.json<{ state?: string }>().state ?? null) : null,
    });
  }
  return answers;
}

/** Job ids assigned to `workerH160` in the recorded events. */
export function assignedTo(events: readonly RecordedEvent[], workerH160: string): bigint[] {
  return [
    ...new Set(
      events
        .filter((e) => e.name === 'JobAssigned' && e.fields['provider'] === workerH160)
        .map((e) => e.fields['jobId'] as bigint),
    ),
  ];
}

/** A queue job's owner, provider and status as its events tell them (for jobs the getter cannot). */
export function jobFromEvents(
  events: readonly RecordedEvent[],
  id: bigint,
): {
  status: string;
  owner: string;
  assignedProvider: string | null;
  privacyRequired: boolean;
} | null {
  let owner: string | null = null;
  let provider: string | null = null;
  let status = 'Registered';
  for (const event of events) {
    if (event.contract !== 'aiJobQueue' || event.fields['jobId'] !== id) {
      continue;
    }
    switch (event.name) {
      case 'JobSubmitted':
        owner = String(event.fields['owner']);
        break;
      case 'JobAssigned':
        provider = String(event.fields['provider']);
        status = 'Assigned';
        break;
      case 'JobStatusChanged':
        status = String(event.fields['newStatus']);
        break;
      case 'JobCompleted':
        status = 'Completed';
        break;
      case 'JobCancelled':
        status = 'Cancelled';
        break;
      default:
        break;
    }
  }
  return owner === null
    ? null
    : { status, owner, assignedProvider: provider, privacyRequired: false };
}

/** get_job and get_escrow of every queue job on-chain, through a user's wallet (dry runs). */
export async function readChainTruth(
  reader: UserWallet,
  events: readonly RecordedEvent[],
  calls: readonly RecordedCall[],
  submitted: readonly SubmittedJob[],
): Promise<ChainTruth> {
  const counter = (await reader.read('aiJobQueue', 'getJobCounter')).toString();
  const jobs = new Map<bigint, ChainJob>();
  const escrows = new Map<bigint, ChainEscrow>();
  for (let id = 1n; id <= BigInt(String(counter)); id++) {
    let job: {
      status: string;
      owner: string;
      assignedProvider?: string | null;
      privacyRequired?: boolean;
    } | null;
    try {
      job = (await reader.read('aiJobQueue', 'getJob', id)).toJSON() as typeof job;
    } catch (err) {
      if (!/exceeds \d+/.test((err as Error).message)) {
        throw err;
      }
      // Polkadot.js refuses a String over 128 KiB (an oversized reference): the events tell
      job = jobFromEvents(events, id);
    }
    if (job !== null) {
      jobs.set(id, {
        status: job.status,
        owner: job.owner.toLowerCase(),
        provider: job.assignedProvider?.toLowerCase() ?? null,
        privacy: job.privacyRequired === true,
      });
    }
    const escrow = await escrowOf(reader, id);
    if (escrow !== null) {
      escrows.set(id, escrow);
    }
  }
  const userPayloads = new Map<bigint, bigint>();
  for (const job of submitted) {
    if (job.cid !== null) {
      userPayloads.set(job.cid, job.id);
    }
  }
  return { events, calls, jobs, escrows, userPayloads };
}
