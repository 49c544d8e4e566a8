/**
 * The strings an attestation puts on-chain (ADR 0005, ADR 0010):
 * - ai_job_queue `mark_completed(job_id, result_hash)`: result_hash = envelope.outputDigest
 *   (`sha256:` + 64 hex), the content address of the output the job owner fetches.
 * - phala_job_processor `record_attestation(job_id, result_hash, attestation_proof, tee_worker_pubkey)`:
 *   job_id = the envelope's confidential job id (v2: `confidential.jobId`);
 *   result_hash = the same outputDigest (so JobCompleted and JobAttestation join on it);
 *   attestation_proof = `sr25519:v<version>:<attestation digest 0x hex>:<signature 0x hex>`;
 *   tee_worker_pubkey = envelope.workerPublicKey (`0x` + 64 hex), the attestation key.
 * The proof lets anyone holding the envelope check it offline: rebuild the payload, compare its
 * blake2b-256 with the digest, verify the signature with tee_worker_pubkey.
 */
import type { Hex, SignedAttestation, Sha256Digest } from './attestation-types';
import { attestationDigest, confidentialRecordOf } from './attestation-envelope';
import type { AttestationVersion } from './attestation-version';

const PROOF_PATTERN = /^sr25519:v([12]):(0x[0-9a-f]{64}):(0x[0-9a-f]{128})$/;

/** Arguments of the two contract calls that carry an attestation. */
export interface OnChainAttestation {
  /** For both `mark_completed` and `record_attestation`. */
  readonly resultHash: Sha256Digest;
  /** For `record_attestation`. */
  readonly attestationProof: string;
  /** For `record_attestation`. */
  readonly teeWorkerPubkey: Hex;
}

/** The parts of an attestation_proof string. */
export interface AttestationProof {
  /** The envelope version the digest was made from. */
  readonly version: AttestationVersion;
  readonly digest: Hex;
  readonly signature: Hex;
}

/** A phala_job_processor `get_attestation` record as a verifier reads it (job id as decimal). */
export interface OnChainAttestationRecord {
  readonly confidentialJobId: string;
  readonly resultHash: string;
  readonly attestationProof: string;
  readonly teeWorkerPubkey: string;
}

/** The on-chain strings for a signed attestation (validates the envelope; does not verify). */
export function toOnChainAttestation(signed: SignedAttestation): OnChainAttestation {
  return {
    resultHash: signed.envelope.outputDigest,
    attestationProof: formatAttestationProof({
      version: signed.envelope.version,
      digest: attestationDigest(signed.envelope),
      signature: signed.signature,
    }),
    teeWorkerPubkey: signed.envelope.workerPublicKey,
  };
}

/** `sr25519:v<version>:<digest>:<signature>`; throws for a digest or signature not in lowercase hex. */
export function formatAttestationProof(proof: AttestationProof): string {
  const text = `sr25519:v${proof.version}:${proof.digest}:${proof.signature}`;
  if (!PROOF_PATTERN.test(text)) {
    throw new Error(
      'attestation proof: digest must be 0x + 64 and signature 0x + 128 lowercase hex',
    );
  }
  return text;
}

/** The version, digest and signature of an attestation_proof string, or null when it is not one. */
export function parseAttestationProof(text: string): AttestationProof | null {
  const match = PROOF_PATTERN.exec(text);
  if (match === null) {
    return null;
  }
  const [, version, digest, signature] = match;
  return version === undefined || digest === undefined || signature === undefined
    ? null
    : {
        version: Number(version) as AttestationVersion,
        digest: digest as Hex,
        signature: signature as Hex,
      };
}

/**
 * How an on-chain record differs from what this signed attestation would record: an empty list
 * when the record is exactly this attestation (same proof, result hash and key, and for a v2
 * envelope that names its record, the same confidential job id). Does not verify the signature.
 */
export function onChainMismatches(
  signed: SignedAttestation,
  record: OnChainAttestationRecord,
): string[] {
  const ours = toOnChainAttestation(signed);
  const mismatches: string[] = [];
  const bound = confidentialRecordOf(signed.envelope);
  if (bound !== null && bound.jobId.toString() !== record.confidentialJobId) {
    mismatches.push(
      `recorded under confidential job ${record.confidentialJobId}, the envelope names ${bound.jobId}`,
    );
  }
  if (record.resultHash !== ours.resultHash) {
    mismatches.push(`result_hash ${record.resultHash} is not the output digest ${ours.resultHash}`);
  }
  if (record.attestationProof !== ours.attestationProof) {
    mismatches.push('attestation_proof is not the digest and signature of this envelope');
  }
  if (record.teeWorkerPubkey !== ours.teeWorkerPubkey) {
    mismatches.push(
      `tee_worker_pubkey ${record.teeWorkerPubkey} is not the envelope's key ${ours.teeWorkerPubkey}`,
    );
  }
  return mismatches;
}
