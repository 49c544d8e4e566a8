/** The attestation envelope's types, versions 1 and 2 (ADR 0005, ADR 0010); see attestation-envelope.ts. */

/** Lowercase `0x` hex. */
export type Hex = `0x${string}`;
/** `sha256:` + 64 lowercase hex digits (the content-address form used across the service). */
export type Sha256Digest = `sha256:${string}`;

/** The executor that produced the output, as it names itself. */
export interface AttestationExecutor {
  /** 1..128 UTF-8 bytes, NFC, no control characters. */
  readonly name: string;
  /** 1..128 UTF-8 bytes, NFC, no control characters. */
  readonly version: string;
}

/** The block the worker saw when it attested (number + hash, a *block ref*). */
export interface AttestationBlockRef {
  /** u64. */
  readonly number: bigint;
  /** `0x` + 64 lowercase hex. */
  readonly hash: Hex;
}

/** The fields both versions share, with the same meaning and encoding. */
interface EnvelopeCommon {
  /** The chain's genesis hash: `0x` + 64 lowercase hex. */
  readonly genesisHash: Hex;
  /** The ai_job_queue contract (H160): `0x` + 40 lowercase hex. */
  readonly contract: Hex;
  /** The queue's job id (u128). */
  readonly queueJobId: bigint;
  readonly inputDigest: Sha256Digest;
  readonly modelDigest: Sha256Digest;
  readonly outputDigest: Sha256Digest;
  readonly executor: AttestationExecutor;
  /** The attestation key (sr25519 public key): `0x` + 64 lowercase hex. */
  readonly workerPublicKey: Hex;
  readonly block: AttestationBlockRef;
  /** `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC, four-digit year, 1970..9999), as `Date#toISOString` writes it. */
  readonly issuedAt: string;
}

/** Version 1: the confidential job id alone, without the contract that holds it. */
export interface AttestationEnvelopeV1 extends EnvelopeCommon {
  readonly version: 1;
  /** The phala_job_processor confidential job id (u128), or null when the job is not confidential. */
  readonly confidentialJobId: bigint | null;
}

/** Where an attestation is recorded: a phala_job_processor contract and one of its job ids. */
export interface ConfidentialRecordRef {
  /** The phala_job_processor contract (pallet-contracts AccountId32): `0x` + 64 lowercase hex. */
  readonly contract: Hex;
  /** Its confidential job id (u128, the contract's own counter). */
  readonly jobId: bigint;
}

/** Version 2: binds the phala_job_processor record (contract + job id) the attestation belongs to. */
export interface AttestationEnvelopeV2 extends EnvelopeCommon {
  readonly version: 2;
  /** The record this attestation is (to be) recorded under; null until one exists. */
  readonly confidential: ConfidentialRecordRef | null;
}

/** What a worker asserts about one job run; every field is bound by the signature. */
export type AttestationEnvelope = AttestationEnvelopeV1 | AttestationEnvelopeV2;

/** An envelope and the worker's sr25519 signature over its payload (`0x` + 128 hex). */
export interface SignedAttestation {
  readonly envelope: AttestationEnvelope;
  readonly signature: Hex;
}
