import { chainAtCursor } from './chain-at-cursor';
import type { RecordedCall, RecordedEvent } from './chain-recorder';
import type { ChainTruth, DeploymentSnapshot, DeploymentVerdict, WorkRow } from './judge-types';

const TERMINAL = ['rejected', 'succeeded', 'failed', 'expired', 'cancelled'];
const ACTIVE_ACTIONS = ['pending', 'claimed', 'submitted', 'included'];
/**
 * Work that ended without a result. ai_job_queue has no Failed status (spec §3.2) and the only way
 * out of InProgress for the provider is `mark_completed(job, result_hash)` (§3.6), which would claim
 * a result that does not exist; only the owner can cancel. Such a job stays InProgress on-chain by
 * design: the work row (state and reason, the API's /result) says why, and a custodial escrow is
 * refunded (checked in judgeEscrow).
 */
const ENDED_WITHOUT_RESULT = ['failed', 'expired', 'cancelled'];

/** The event an effect's extrinsic emits when it took effect (a silent `false` emits none). */
const EFFECT_EVENT: Readonly<Record<string, string>> = {
  mark_in_progress: 'JobStatusChanged',
  mark_completed: 'JobCompleted',
  deposit_for_job: 'Deposited',
  release_to_provider: 'Released',
  refund_to_owner: 'Refunded',
  submit_confidential_job: 'JobSubmitted',
  record_attestation: 'AttestationRecorded',
  mark_job_processed: 'JobProcessed',
  create_batch: 'BatchCreated',
  execute_batch: 'BatchExecuted',
};

export function tookEffect(call: RecordedCall): boolean {
  const event = call.message === null ? undefined : EFFECT_EVENT[call.message];
  return call.success && event !== undefined && call.events.some((e) => e.name === event);
}

const where = (calls: readonly RecordedCall[]) =>
  calls
    .map((c) => `#${c.block}/${c.extrinsicIndex}${tookEffect(c) ? '' : ' (no effect)'}`)
    .join(', ');

/**
 * Every contract event of every finalized block up to the deployment's cursor, as the chain
 * recorded it, against what the store holds: missing, doubled, stored but not on-chain, and filed
 * in the wrong table (decodable ones quarantined, or undecodable ones decoded).
 */
export function judgeEvents(
  chain: readonly RecordedEvent[],
  snapshot: DeploymentSnapshot,
): DeploymentVerdict['events'] {
  const onChain = chain.filter((event) => event.block <= snapshot.cursor);
  const stored = snapshot.storedEvents.filter((event) => event.block <= snapshot.cursor);
  const storedByKey = new Map<string, (typeof stored)[number][]>();
  for (const row of stored) {
    storedByKey.set(row.key, [...(storedByKey.get(row.key) ?? []), row]);
  }
  const chainKeys = new Set(onChain.map((event) => event.key));
  const missing: string[] = [];
  const misfiled: string[] = [];
  for (const event of onChain) {
    const rows = storedByKey.get(event.key);
    if (rows === undefined) {
      missing.push(
        `${event.key} #${event.block} ${event.contract}.${event.name ?? '(undecodable)'}`,
      );
    } else if (rows[0]!.name !== event.name) {
      misfiled.push(
        `${event.key}: chain ${event.name ?? '(undecodable)'}, stored ${rows[0]!.name ?? `quarantined (${rows[0]!.reason})`}`,
      );
    }
  }
  return {
    onChain: onChain.length,
    stored: stored.length,
    quarantined: stored.filter((row) => row.name === null).length,
    missing,
    doubled: [...storedByKey]
      .filter(([, rows]) => rows.length > 1)
      .map(([key, rows]) => `${key} ×${rows.length}`),
    phantom: stored
      .filter((row) => !chainKeys.has(row.key))
      .map((row) => `${row.key} #${row.block} ${row.name}`),
    misfiled,
  };
}

/** The confidential ids carrying a job's payload or attestation anchor. */
function confidentialIdsOf(
  jobId: bigint,
  anchors: ReadonlyMap<bigint, bigint>,
  truth: ChainTruth,
  work: WorkRow | undefined,
): Set<bigint> {
  const ids = new Set<bigint>();
  for (const [cid, job] of [...anchors, ...truth.userPayloads]) {
    if (job === jobId) {
      ids.add(cid);
    }
  }
  if (work?.confidentialId !== null && work?.confidentialId !== undefined) {
    ids.add(work.confidentialId);
  }
  return ids;
}

/** submit_confidential_job's payload argument (a string in the ABI; '' when it did not decode). */
function payloadOf(call: RecordedCall): string {
  const payload = call.args['encryptedPayload'];
  return typeof payload === 'string' ? payload : '';
}

/** cid → queue job id of every attestation anchor our keys posted (its payload names the job). */
function anchorsOf(calls: readonly RecordedCall[]): Map<bigint, bigint> {
  const anchors = new Map<bigint, bigint>();
  for (const call of calls) {
    if (call.message !== 'submit_confidential_job' || !tookEffect(call)) {
      continue;
    }
    const anchored = anchoredJob(payloadOf(call));
    const cid = call.events.find((e) => e.name === 'JobSubmitted')?.fields['jobId'];
    if (anchored !== null && typeof cid === 'bigint') {
      anchors.set(cid, anchored);
    }
  }
  return anchors;
}

export function anchoredJob(payload: string): bigint | null {
  try {
    const json = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as {
      jobId?: unknown;
      purpose?: unknown;
    };
    return json.purpose === 'attestation-anchor' && typeof json.jobId === 'string'
      ? BigInt(json.jobId)
      : null;
  } catch {
    return null;
  }
}

/**
 * Per job assigned to this deployment's worker, the chain's record of what our keys did against
 * what must have happened once: marks, attestation anchor, record and processed, custodial deposit
 * and settlement. Plus: the job ended (terminal and followed up) or is flagged with a reason; each
 * escrow is released, refunded or flagged; projections and API agree with the chain.
 */
export function judgeJobs(
  truth: ChainTruth,
  snapshot: DeploymentSnapshot,
): Omit<DeploymentVerdict, 'name' | 'events'> {
  const ours = new Set([snapshot.workerAccount, snapshot.custodyAccount]);
  const ourCalls = truth.calls.filter((call) => ours.has(call.signer));
  const anchors = anchorsOf(ourCalls);
  const assigned = [
    ...new Set(
      truth.events
        .filter((e) => e.name === 'JobAssigned' && e.fields['provider'] === snapshot.workerH160)
        .map((e) => e.fields['jobId'] as bigint),
    ),
  ].sort((a, b) => (a < b ? -1 : 1));
  const workById = new Map(snapshot.work.map((row) => [row.jobId, row]));
  const out = {
    lost: [] as string[],
    notTerminalNorFlagged: [] as string[],
    flagged: [] as string[],
    missing: [] as string[],
    doubled: [] as string[],
    outOfOrder: [] as string[],
    unsettled: [] as string[],
    byState: {} as Record<string, number>,
    escrows: { total: 0, released: 0, refunded: 0, flagged: 0 },
  };
  for (const jobId of assigned) {
    const work = workById.get(jobId);
    const chainJob = truth.jobs.get(jobId);
    const status = chainJob?.status ?? 'unknown';
    const label = `job ${jobId} (${status}${work ? `, ${work.state}` : ''})`;
    if (work === undefined) {
      out.lost.push(`${label}: assigned to the worker on-chain, no work row`);
    } else {
      out.byState[work.state] = (out.byState[work.state] ?? 0) + 1;
      const isFlagged = work.settlement === 'flagged' && (work.settlementReason ?? '') !== '';
      if (isFlagged) {
        out.flagged.push(`${label}: ${work.settlementReason}`);
      } else if (!TERMINAL.includes(work.state) || !work.followUpDone) {
        out.notTerminalNorFlagged.push(
          `${label}: settlement ${work.settlement}, follow-up ${work.followUpDone ? 'done' : 'open'}, reason ${work.reason ?? '-'}`,
        );
      }
    }
    const cids = confidentialIdsOf(jobId, anchors, truth, work);
    const callsFor = (message: string) =>
      ourCalls.filter((call) => {
        if (call.message !== message) {
          return false;
        }
        const id = call.args['jobId'];
        return message === 'record_attestation' || message === 'mark_job_processed'
          ? typeof id === 'bigint' && cids.has(id)
          : id === jobId;
      });
    const jobAnchors = ourCalls.filter(
      (call) =>
        call.message === 'submit_confidential_job' && anchoredJob(payloadOf(call)) === jobId,
    );
    const effects: Record<string, RecordedCall[]> = {
      mark_in_progress: callsFor('mark_in_progress'),
      mark_completed: callsFor('mark_completed'),
      attestation_anchor: jobAnchors,
      record_attestation: callsFor('record_attestation'),
      mark_job_processed: callsFor('mark_job_processed'),
      deposit: callsFor('deposit_for_job'),
      release: callsFor('release_to_provider'),
      refund: callsFor('refund_to_owner'),
    };
    for (const [effect, calls] of Object.entries(effects)) {
      if (calls.length > 1) {
        out.doubled.push(`${label}: ${effect} ×${calls.length} (${where(calls)})`);
      }
    }
    const landed = (effect: string) => effects[effect]!.filter(tookEffect);
    const need = (effect: string, why: string) => {
      if (landed(effect).length === 0) {
        out.missing.push(`${label}: ${effect} (${why})`);
      }
    };
    const completedByUs = truth.events.some(
      (e) =>
        e.name === 'JobCompleted' &&
        e.fields['jobId'] === jobId &&
        e.fields['provider'] === snapshot.workerH160,
    );
    if (completedByUs) {
      need('mark_in_progress', 'Completed');
      need('mark_completed', 'Completed');
      need('record_attestation', 'Completed: the attestation is on-chain');
      need('mark_job_processed', 'Completed: the attestation is processed');
      if (chainJob?.privacy !== true) {
        need('attestation_anchor', 'Completed, not private');
      }
      const recorded = landed('record_attestation')[0];
      const completed = landed('mark_completed')[0];
      if (recorded !== undefined && completed !== undefined && recorded.block >= completed.block) {
        out.outOfOrder.push(
          `${label}: record_attestation #${recorded.block} not before mark_completed #${completed.block}`,
        );
      }
    } else if (status === 'InProgress' && !ENDED_WITHOUT_RESULT.includes(work?.state ?? '')) {
      need('mark_completed', 'left InProgress by our worker');
    } else if (work?.state === 'succeeded' && status !== 'Cancelled') {
      need('mark_in_progress', `succeeded but ${status} on-chain`);
    }
    judgeEscrow(jobId, label, status, truth, snapshot, work, landed, out);
  }
  const byStatus: Record<string, number> = {};
  for (const action of snapshot.actions) {
    byStatus[action.status] = (byStatus[action.status] ?? 0) + 1;
  }
  return {
    jobs: {
      assigned: assigned.length,
      byState: out.byState,
      lost: out.lost,
      notTerminalNorFlagged: out.notTerminalNorFlagged,
      flagged: out.flagged,
    },
    effects: {
      calls: ourCalls.length,
      failedCalls: ourCalls
        .filter((call) => !tookEffect(call))
        .map(
          (call) =>
            `#${call.block}/${call.extrinsicIndex} ${call.contract}.${call.message}(${argsText(call)})${call.success ? ' returned no effect' : ' failed'}`,
        ),
      missing: out.missing,
      doubled: out.doubled,
      outOfOrder: out.outOfOrder,
    },
    escrows: { ...out.escrows, unsettledNorFlagged: out.unsettled },
    outbox: {
      byStatus,
      stuck: snapshot.actions
        .filter((action) => ACTIVE_ACTIONS.includes(action.status))
        .map(
          (action) =>
            `${action.key} ${action.status} (${action.attempts} attempts) ${action.lastError ?? ''}`,
        ),
    },
    projections: { mismatches: projectionMismatches(truth, snapshot) },
    api: { mismatches: apiMismatches(truth, snapshot, workById) },
  };
}

function judgeEscrow(
  jobId: bigint,
  label: string,
  status: string,
  truth: ChainTruth,
  snapshot: DeploymentSnapshot,
  work: WorkRow | undefined,
  landed: (effect: string) => RecordedCall[],
  out: {
    missing: string[];
    doubled: string[];
    unsettled: string[];
    escrows: { total: number; released: number; refunded: number; flagged: number };
  },
): void {
  const escrow = truth.escrows.get(jobId);
  const settled = landed('release').length + landed('refund').length;
  if (escrow === undefined) {
    if (snapshot.settlementMode === 'custodial' && work?.state === 'succeeded') {
      out.missing.push(`${label}: deposit (custodial, succeeded, no escrow on-chain)`);
    }
    return;
  }
  out.escrows.total++;
  if (escrow.released) {
    out.escrows.released++;
  }
  if (escrow.refunded) {
    out.escrows.refunded++;
  }
  const isFlagged = work?.settlement === 'flagged' && (work.settlementReason ?? '') !== '';
  if (isFlagged) {
    out.escrows.flagged++;
  }
  if (escrow.owner === snapshot.custodyH160) {
    if (landed('deposit').length !== 1) {
      out.missing.push(`${label}: our escrow without our deposit`);
    }
    if (!escrow.released && !escrow.refunded && !isFlagged) {
      out.unsettled.push(`${label}: custodial escrow neither released nor refunded`);
    }
    if (settled === 0 && (escrow.released || escrow.refunded)) {
      out.missing.push(`${label}: custodial escrow settled by someone else`);
    }
    const shouldRelease = status === 'Completed';
    if (escrow.released && !shouldRelease) {
      out.missing.push(`${label}: released though ${status}`);
    }
    if (escrow.refunded && shouldRelease) {
      out.missing.push(`${label}: refunded though Completed`);
    }
  } else {
    if (landed('deposit').length > 0) {
      out.doubled.push(`${label}: custodial deposit on top of the user's escrow`);
    }
    if (!escrow.released && !escrow.refunded && !isFlagged) {
      out.unsettled.push(
        `${label}: user escrow of ${escrow.owner} neither settled nor flagged (settlement ${work?.settlement ?? '-'})`,
      );
    }
  }
}

/** The store's read models against the chain as of the deployment's cursor (chain-at-cursor.ts). */
export function projectionMismatches(truth: ChainTruth, snapshot: DeploymentSnapshot): string[] {
  const chain = chainAtCursor(truth, snapshot.cursor);
  const mismatches: string[] = [];
  for (const [id, status] of chain.jobs) {
    const projected = snapshot.projectedJobs.get(id);
    if (projected !== status) {
      mismatches.push(`queue job ${id}: chain ${status}, projected ${projected ?? 'missing'}`);
    }
  }
  for (const [id, escrow] of chain.escrows) {
    const projected = snapshot.projectedEscrows.get(id);
    if (
      projected === undefined ||
      projected.released !== escrow.released ||
      projected.refunded !== escrow.refunded ||
      projected.owner !== escrow.owner
    ) {
      mismatches.push(
        `escrow ${id}: chain ${JSON.stringify(escrow)}, projected ${JSON.stringify(projected ?? null)}`,
      );
    }
  }
  return mismatches;
}

function apiMismatches(
  truth: ChainTruth,
  snapshot: DeploymentSnapshot,
  workById: ReadonlyMap<bigint, WorkRow>,
): string[] {
  const chain = chainAtCursor(truth, snapshot.cursor);
  const mismatches: string[] = [];
  for (const job of snapshot.api) {
    const chainStatus = chain.jobs.get(job.id) ?? null;
    if (job.httpStatus !== 200 || job.status !== chainStatus) {
      mismatches.push(`GET /jobs/${job.id}: ${job.httpStatus} ${job.status}, chain ${chainStatus}`);
    }
    const work = workById.get(job.id);
    const expected = work === undefined ? 404 : 200;
    if (
      job.resultHttpStatus !== expected &&
      !(job.resultHttpStatus === 401 && truth.jobs.get(job.id)?.privacy)
    ) {
      mismatches.push(`GET /jobs/${job.id}/result: ${job.resultHttpStatus}, expected ${expected}`);
    } else if (
      work !== undefined &&
      job.resultHttpStatus === 200 &&
      job.resultState !== work.state
    ) {
      mismatches.push(`GET /jobs/${job.id}/result: state ${job.resultState}, stored ${work.state}`);
    }
  }
  return mismatches;
}

function argsText(call: RecordedCall): string {
  return Object.entries(call.args)
    .map(
      ([key, value]) =>
        `${key}=${typeof value === 'string' && value.length > 40 ? `${value.slice(0, 40)}…` : String(value)}`,
    )
    .join(', ');
}

/** MEV: each intent in at most one batch our workers created; each such batch executed once. */
export function judgeMev(truth: ChainTruth, workerAccounts: ReadonlySet<string>) {
  const ours = truth.calls.filter((call) => workerAccounts.has(call.signer) && tookEffect(call));
  const membership = new Map<bigint, bigint[]>();
  const created: bigint[] = [];
  for (const call of ours.filter((c) => c.message === 'create_batch')) {
    const batchId = call.events.find((e) => e.name === 'BatchCreated')?.fields['batchId'] as bigint;
    created.push(batchId);
    for (const intent of (call.args['intentIds'] as bigint[] | undefined) ?? []) {
      membership.set(intent, [...(membership.get(intent) ?? []), batchId]);
    }
  }
  const executions = new Map<bigint, number>();
  for (const call of ours.filter((c) => c.message === 'execute_batch')) {
    const batchId = call.args['batchId'] as bigint;
    executions.set(batchId, (executions.get(batchId) ?? 0) + 1);
  }
  const intents = truth.events.filter((e) => e.name === 'IntentSubmitted').length;
  return {
    intents,
    batches: created.length,
    batchedIntents: membership.size,
    doubledMembership: [...membership]
      .filter(([, batches]) => batches.length > 1)
      .map(([intent, batches]) => `intent ${intent} in batches ${batches.join(', ')}`),
    notExecuted: created.filter((id) => (executions.get(id) ?? 0) === 0).map((id) => `batch ${id}`),
    executedTwice: [...executions].filter(([, n]) => n > 1).map(([id, n]) => `batch ${id} ×${n}`),
  };
}

export type MevVerdict = ReturnType<typeof judgeMev>;
