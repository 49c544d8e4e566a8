/**
 * The attestation envelope, versions 1 and 2 (ADR 0005, ADR 0010), and its canonical byte encoding.
 *
 * `buildAttestationPayload` is pure: the same envelope always gives the same bytes, and two
 * different valid envelopes never do (every field has a fixed width or a length prefix, in a fixed
 * order, after a domain tag that names the version; `decodeAttestationPayload` inverts it). The
 * sr25519 signature covers these bytes; `attestationDigest` (blake2b-256 of them) is the on-chain
 * proof reference. New attestations are version 2; version 1 stays verifiable.
 */
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { encodeValidatedEnvelope } from './attestation-payload-bytes';
import { assertValidEnvelope } from './attestation-validation';
import type { AttestationEnvelope, Hex } from './attestation-types';

/**
 * The canonical payload of a valid envelope (attestation-payload-bytes.ts has the layout); throws
 * InvalidAttestationError when the envelope is invalid.
 */
export function buildAttestationPayload(envelope: AttestationEnvelope): Uint8Array {
  assertValidEnvelope(envelope);
  return encodeValidatedEnvelope(envelope);
}

/** blake2b-256 of the payload, lowercase `0x` hex: the reference that goes on-chain in the proof. */
export function attestationDigest(envelope: AttestationEnvelope): Hex {
  return attestationDigestOfPayload(buildAttestationPayload(envelope));
}

/** blake2b-256 of already built payload bytes. */
export function attestationDigestOfPayload(payload: Uint8Array): Hex {
  return u8aToHex(blake2AsU8a(payload, 256));
}

/** The confidential record an envelope names (v1: the job id only, `contract` null), or null. */
export function confidentialRecordOf(
  envelope: AttestationEnvelope,
): { readonly contract: Hex | null; readonly jobId: bigint } | null {
  if (envelope.version === 1) {
    return envelope.confidentialJobId === null
      ? null
      : { contract: null, jobId: envelope.confidentialJobId };
  }
  return envelope.confidential;
}
