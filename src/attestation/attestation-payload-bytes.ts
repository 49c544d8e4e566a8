/**
 * The canonical byte encoding of an attestation envelope (ADR 0005, ADR 0010), without the
 * validation: `buildAttestationPayload` (attestation-envelope.ts) is the public, validating entry.
 */
import { compactToU8a, hexToU8a, stringToU8a, u8aConcat } from '@polkadot/util';
import type { AttestationEnvelope, Sha256Digest } from './attestation-types';
import { ATTESTATION_DOMAIN_TAGS } from './attestation-version';

const SHA256_PREFIX = 'sha256:';
const utf8 = new TextEncoder();

/**
 * The canonical payload (SCALE layout after the tag):
 * tag ‖ genesis_hash [u8;32] ‖ contract [u8;20] ‖ queue_job_id u128 ‖ confidential ‖
 * input_digest [u8;32] ‖ model_digest [u8;32] ‖ output_digest [u8;32] ‖ executor_name String ‖
 * executor_version String ‖ worker_public_key [u8;32] ‖ block_number u64 ‖ block_hash [u8;32] ‖
 * issued_at_ms u64, where confidential is `Option<u128>` (v1: the job id) or
 * `Option<([u8;32], u128)>` (v2: contract, job id).
 *
 * It does not validate: only for an envelope that `assertValidEnvelope` has just accepted (the
 * signer and the verifier validate first, then encode the same value; buildAttestationPayload
 * does both). Not exported from the module's index.
 */
export function encodeValidatedEnvelope(envelope: AttestationEnvelope): Uint8Array {
  return u8aConcat(
    stringToU8a(ATTESTATION_DOMAIN_TAGS[envelope.version]),
    hexToU8a(envelope.genesisHash),
    hexToU8a(envelope.contract),
    uintLe(envelope.queueJobId, 16),
    confidentialBytes(envelope),
    sha256Bytes(envelope.inputDigest),
    sha256Bytes(envelope.modelDigest),
    sha256Bytes(envelope.outputDigest),
    scaleString(envelope.executor.name),
    scaleString(envelope.executor.version),
    hexToU8a(envelope.workerPublicKey),
    uintLe(envelope.block.number, 8),
    hexToU8a(envelope.block.hash),
    uintLe(BigInt(Date.parse(envelope.issuedAt)), 8),
  );
}

function confidentialBytes(envelope: AttestationEnvelope): Uint8Array {
  if (envelope.version === 1) {
    return envelope.confidentialJobId === null
      ? new Uint8Array([0])
      : u8aConcat(new Uint8Array([1]), uintLe(envelope.confidentialJobId, 16));
  }
  return envelope.confidential === null
    ? new Uint8Array([0])
    : u8aConcat(
        new Uint8Array([1]),
        hexToU8a(envelope.confidential.contract),
        uintLe(envelope.confidential.jobId, 16),
      );
}

function sha256Bytes(digest: Sha256Digest): Uint8Array {
  return hexToU8a(`0x${digest.slice(SHA256_PREFIX.length)}`);
}

function scaleString(text: string): Uint8Array {
  const bytes = utf8.encode(text);
  return u8aConcat(compactToU8a(bytes.length), bytes);
}

function uintLe(value: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let rest = value;
  for (let i = 0; i < width; i += 1) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}
