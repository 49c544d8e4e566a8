import type { AttestationEnvelope, Hex, SignedAttestation } from './attestation-types';

/**
 * Signs attestation envelopes with the worker's key (port; `Sr25519AttestationSigner` is the adapter).
 *
 * Callers may assume:
 * - the signature covers exactly `buildAttestationPayload(envelope)` and verifies with
 *   `verifyAttestation(envelope, signature)`;
 * - `sign` rejects (InvalidAttestationError) an invalid envelope, and an envelope whose
 *   `workerPublicKey` is not this signer's `publicKey`, before any signing;
 * - signatures are randomized (sr25519): signing the same envelope twice gives two different
 *   signatures, both valid; nothing is stored, so signing is safe to repeat.
 */
export interface AttestationSigner {
  /** The worker public key, `0x` + 64 lowercase hex; envelopes must carry it as `workerPublicKey`. */
  readonly publicKey: Hex;
  sign(envelope: AttestationEnvelope): Promise<SignedAttestation>;
}

/** DI token for the AttestationSigner port. */
export const ATTESTATION_SIGNER = Symbol('AttestationSigner');
