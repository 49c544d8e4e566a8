import type { ConfidentialJob, ContractEvent, JobAttestation } from '../contracts';
import { isAfter, type EventPosition, type ProjectedConfidentialJob } from './projection-types';

export type ConfidentialJobEvent = Extract<ContractEvent, { contract: 'phalaJobProcessor' }>;

export interface ConfidentialJobSnapshots {
  /** `get_job(cid)` at the event's block (JobSubmitted). */
  readonly job?: ConfidentialJob | null;
  /** `get_attestation(cid)` at the event's block (AttestationRecorded). */
  readonly attestation?: JobAttestation | null;
  /** Reads the queue job id from a payload; default: the frontend's base64 JSON only. */
  readonly linkPayload?: (payload: string) => bigint | null;
}

/**
 * phala_job_processor (§7.6). The events carry only the cid: the job comes from `get_job`, the
 * attestation from `get_attestation` (overwritten by every record, even after processing).
 * Unknown cids are skipped.
 */
export function reduceConfidentialJob(
  current: ProjectedConfidentialJob | null,
  event: ConfidentialJobEvent,
  at: EventPosition,
  snapshots: ConfidentialJobSnapshots,
): ProjectedConfidentialJob | null {
  if (current !== null && !isAfter(at, current.updated)) {
    return null;
  }
  if (event.name === 'JobSubmitted') {
    const job = snapshots.job;
    if (!job) {
      return null;
    }
    return {
      ...job,
      jobId: event.fields.jobId,
      processed: false,
      attestation: null,
      attestationCount: 0,
      queueJobId: (snapshots.linkPayload ?? queueJobIdFromPayload)(job.encryptedPayload),
      submittedBlock: at.block,
      updated: at,
    };
  }
  if (current === null) {
    return null;
  }
  if (event.name === 'JobProcessed') {
    return { ...current, processed: true, updated: at };
  }
  const recorded = snapshots.attestation;
  return {
    ...current,
    attestation: recorded
      ? {
          resultHash: recorded.resultHash,
          attestationProof: recorded.attestationProof,
          teeWorkerPubkey: recorded.teeWorkerPubkey,
          timestamp: recorded.timestamp,
        }
      : current.attestation,
    attestationCount: current.attestationCount + 1,
    updated: at,
  };
}

const MAX_U128 = (1n << 128n) - 1n;

/**
 * The ai_job_queue id in a confidential payload: base64 of JSON `{jobId, model, data}` (the
 * frontend's format) with `jobId` a non-negative integer (number or decimal string). Anything
 * else — not base64, not JSON, no or bad `jobId` — gives null.
 */
export function queueJobIdFromPayload(payload: string): bigint | null {
  const trimmed = payload.trim();
  if (trimmed === '' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(trimmed, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return null;
  }
  const jobId: unknown = (parsed as Record<string, unknown>)['jobId'];
  let id: bigint | null = null;
  if (typeof jobId === 'number' && Number.isSafeInteger(jobId) && jobId >= 0) {
    id = BigInt(jobId);
  } else if (typeof jobId === 'string' && /^\d{1,39}$/.test(jobId)) {
    id = BigInt(jobId);
  }
  return id !== null && id <= MAX_U128 ? id : null;
}

/** A job as `get_job` returns it. */
export function confidentialJobView(job: ProjectedConfidentialJob): ConfidentialJob {
  const { jobId, owner, encryptedPayload, publicKey, createdAt, processed } = job;
  return { jobId, owner, encryptedPayload, publicKey, createdAt, processed };
}

/** The attestation as `get_attestation` returns it. */
export function attestationView(job: ProjectedConfidentialJob): JobAttestation | null {
  return job.attestation ? { jobId: job.jobId, ...job.attestation } : null;
}
