import { h160FromAccountId } from '../../contracts';
import { decodeConfidentialPayload, type ServiceKeyPair } from '../../confidential';
import { type ProjectionRepository, queueJobIdFromPayload } from '../../projections';
import type { ConfidentialPayloadLookup, ConfidentialPayloads } from './job-engine-ports';

/**
 * Finds a privacy job's payload among the projected phala_job_processor jobs linked to it, keeping
 * only payloads submitted by the queue job's owner (anyone can post a payload naming any job id).
 * Decodes the frontend's base64 JSON or a `pmenc1:` envelope sealed to the service key.
 */
export class ProjectionConfidentialPayloads implements ConfidentialPayloads {
  constructor(
    private readonly projections: ProjectionRepository,
    private readonly keys: ServiceKeyPair | null,
  ) {}

  async find(queueJobId: bigint): Promise<ConfidentialPayloadLookup> {
    const job = await this.projections.getJob(queueJobId);
    if (job === null) {
      return { found: false };
    }
    const linked = await this.projections.findConfidentialJobsForQueueJob(queueJobId);
    const byOwner = linked
      .filter((c) => h160FromAccountId(c.owner) === job.owner)
      .sort((a, b) => (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0));
    const first = byOwner[0];
    if (first === undefined) {
      return { found: false };
    }
    const decoded = decodeConfidentialPayload(first.encryptedPayload, this.keys);
    if (!decoded.ok) {
      return { found: true, cid: first.jobId, error: `${decoded.code}: ${decoded.reason}` };
    }
    if (decoded.payload.queueJobId !== queueJobId) {
      return { found: true, cid: first.jobId, error: 'payload names another queue job' };
    }
    return {
      found: true,
      cid: first.jobId,
      refs: { modelRef: decoded.payload.modelRef, dataRef: decoded.payload.dataRef },
    };
  }
}

/** The projector's payload link: base64 JSON, or a `pmenc1:` envelope this service can open. */
export function confidentialPayloadLink(
  keys: ServiceKeyPair | null,
): (payload: string) => bigint | null {
  return (payload) => {
    const decoded = decodeConfidentialPayload(payload, keys);
    if (decoded.ok) {
      return decoded.payload.queueJobId;
    }
    return queueJobIdFromPayload(payload);
  };
}
