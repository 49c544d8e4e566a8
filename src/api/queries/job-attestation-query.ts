import {
  envelopeToJson,
  onChainMismatches,
  parseSignedAttestation,
  verifyAttestation,
  type AttestationVerdict,
  type SignedAttestation,
} from '../../attestation';
import type { JobWork, JobWorkRepository } from '../../jobs/engine';
import type { ProjectionRepository, ProjectedConfidentialJob } from '../../projections';
import { AppError } from '../../shared';
import type { JobAttestationBody } from '../dto/job-engine.dto';

type Reads = Pick<ProjectionRepository, 'findConfidentialJobsForQueueJob'>;

/** Our signed attestation of a job, checked, next to the record the chain holds. */
interface AttestationFacts {
  readonly signed: SignedAttestation | null;
  readonly verdict: AttestationVerdict | null;
  readonly record: ProjectedConfidentialJob | null;
  readonly matchesOnChain: boolean | null;
}

/**
 * GET /jobs/:id/attestation: this service's signed attestation of the job (verified here), the
 * phala_job_processor record of the confidential job naming it, and whether the two agree.
 */
export class JobAttestationQuery {
  constructor(
    private readonly work: Pick<JobWorkRepository, 'get'> | null,
    private readonly projections: Reads,
    /** The key this service signs attestations with now (null: no job engine here). */
    private readonly attestationPublicKey: string | null = null,
  ) {}

  /** @throws AppError NOT_FOUND when neither this service nor the chain holds an attestation */
  async attestation(id: bigint): Promise<JobAttestationBody> {
    const facts = await this.facts(id);
    if (facts.signed === null && facts.verdict === null && facts.record === null) {
      throw new AppError(
        'NOT_FOUND',
        `no attestation of job ${id}: this service did not attest it and none is recorded on-chain`,
        { id: id.toString() },
      );
    }
    const { signed, verdict, record } = facts;
    const a = record?.attestation ?? null;
    return {
      id: id.toString(),
      signed:
        signed === null
          ? null
          : { envelope: envelopeToJson(signed.envelope), signature: signed.signature },
      verification: verdict,
      onChain:
        record === null || a === null
          ? null
          : {
              confidentialJobId: record.jobId.toString(),
              resultHash: a.resultHash,
              attestationProof: a.attestationProof,
              teeWorkerPubkey: a.teeWorkerPubkey,
              timestamp: new Date(Number(a.timestamp)).toISOString(),
              attestationCount: record.attestationCount,
              processed: record.processed,
            },
      matchesOnChain: facts.matchesOnChain,
      attestationPublicKey: this.attestationPublicKey,
    };
  }

  /** True when our attestation verifies and is exactly the one recorded in `record`. */
  async verifies(id: bigint, record: ProjectedConfidentialJob): Promise<boolean> {
    const work = await this.work?.get(id);
    const checked = work ? await check(work) : { signed: null, verdict: null };
    return matches(checked.signed, checked.verdict, record) === true;
  }

  private async facts(id: bigint): Promise<AttestationFacts> {
    const work = (await this.work?.get(id)) ?? null;
    const { signed, verdict } = work === null ? { signed: null, verdict: null } : await check(work);
    const linked = await this.projections.findConfidentialJobsForQueueJob(id);
    const attested = linked.filter((c) => c.attestation !== null);
    const record =
      attested.find((c) => c.jobId === work?.confidentialId) ??
      attested.sort((a, b) => (a.updated.block < b.updated.block ? -1 : 1)).at(-1) ??
      null;
    return { signed, verdict, record, matchesOnChain: matches(signed, verdict, record) };
  }
}

async function check(
  work: JobWork,
): Promise<{ signed: SignedAttestation | null; verdict: AttestationVerdict | null }> {
  if (work.attestation === null) {
    return { signed: null, verdict: null };
  }
  let signed: SignedAttestation;
  try {
    signed = parseSignedAttestation(work.attestation);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { signed: null, verdict: { ok: false, reason: 'malformed-json', message } };
  }
  return { signed, verdict: await verifyAttestation(signed.envelope, signed.signature) };
}

function matches(
  signed: SignedAttestation | null,
  verdict: AttestationVerdict | null,
  record: ProjectedConfidentialJob | null,
): boolean | null {
  const onChain = record?.attestation ?? null;
  if (signed === null || verdict === null || record === null || onChain === null) {
    return null;
  }
  return (
    verdict.ok &&
    onChainMismatches(signed, {
      confidentialJobId: record.jobId.toString(),
      resultHash: onChain.resultHash,
      attestationProof: onChain.attestationProof,
      teeWorkerPubkey: onChain.teeWorkerPubkey,
    }).length === 0
  );
}
