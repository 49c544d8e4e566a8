/**
 * The strings an attestation puts on-chain (ADR 0005):
 * - ai_job_queue `mark_completed(job_id, result_hash)`: result_hash = envelope.outputDigest
 *   (`sha256:` + 64 hex), the content address of the output the job owner fetches.
 * - phala_job_processor `record_attestation(job_id, result_hash, attestation_proof, tee_worker_pubkey)`:
 *   result_hash = the same outputDigest (so JobCompleted and JobAttestation join on it);
 *   attestation_proof = `sr25519:v1:<attestation digest 0x hex>:<signature 0x hex>`;
 *   tee_worker_pubkey = envelope.workerPublicKey (`0x` + 64 hex).
 * The proof lets anyone holding the envelope check it offline: rebuild the payload, compare its
 * blake2b-256 with the digest, verify the signature with tee_worker_pubkey.
 */
import type { Hex, SignedAttestation, Sha256Digest } from './attestation-envelope';
import { attestationDigest } from './attestation-envelope';

/** Scheme and envelope version at the head of every attestation_proof string. */
export const ATTESTATION_PROOF_SCHEME = 'sr25519:v1';

const PROOF_PATTERN = /^sr25519:v1:(0x[0-9a-f]{64}):(0x[0-9a-f]{128})$/;

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
  readonly digest: Hex;
  readonly signature: Hex;
}

/** The on-chain strings for a signed attestation (validates the envelope; does not verify). */
export function toOnChainAttestation(signed: SignedAttestation): OnChainAttestation {
  return {
    resultHash: signed.envelope.outputDigest,
    attestationProof: formatAttestationProof({
      digest: attestationDigest(signed.envelope),
      signature: signed.signature,
    }),
    teeWorkerPubkey: signed.envelope.workerPublicKey,
  };
}

/** `sr25519:v1:<digest>:<signature>`; throws for a digest or signature not in lowercase hex. */
export function formatAttestationProof(proof: AttestationProof): string {
  const text = `${ATTESTATION_PROOF_SCHEME}:${proof.digest}:${proof.signature}`;
  if (!PROOF_PATTERN.test(text)) {
    throw new Error(
      'attestation proof: digest must be 0x + 64 and signature 0x + 128 lowercase hex',
    );
  }
  return text;
}

/** The digest and signature of an attestation_proof string, or null when it is not one. */
export function parseAttestationProof(text: string): AttestationProof | null {
  const match = PROOF_PATTERN.exec(text);
  if (match === null) {
    return null;
  }
  const [, digest, signature] = match;
  return digest === undefined || signature === undefined
    ? null
    : { digest: digest as Hex, signature: signature as Hex };
}
