/**
 * The inverse of `buildAttestationPayload`: bytes back to the envelope. It exists to show what a
 * signature covers (offline tools, audits) and to prove the encoding injective in tests: any bytes it
 * accepts re-encode to exactly themselves.
 */
import { compactFromU8a, u8aEq, u8aToHex } from '@polkadot/util';
import { buildAttestationPayload } from './attestation-envelope';
import type { AttestationEnvelope, Hex, Sha256Digest } from './attestation-types';
import { InvalidAttestationError } from './attestation-validation';
import {
  ATTESTATION_DOMAIN_TAGS,
  ATTESTATION_VERSIONS,
  type AttestationVersion,
} from './attestation-version';

const TAG_LENGTH = 24;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a v1 or v2 payload; throws InvalidAttestationError for a wrong tag, truncation or extra bytes. */
export function decodeAttestationPayload(payload: Uint8Array): AttestationEnvelope {
  const reader = new PayloadReader(payload);
  const tag = reader.take(TAG_LENGTH);
  const version = ATTESTATION_VERSIONS.find((v) =>
    u8aEq(tag, new TextEncoder().encode(ATTESTATION_DOMAIN_TAGS[v])),
  );
  if (version === undefined) {
    const tags = ATTESTATION_VERSIONS.map((v) => JSON.stringify(ATTESTATION_DOMAIN_TAGS[v]));
    throw fail(`payload does not start with ${tags.join(' or ')}`);
  }
  const genesisHash = reader.hex(32);
  const contract = reader.hex(20);
  const queueJobId = reader.uint(16);
  const confidential = readConfidential(reader, version);
  const inputDigest = reader.sha256();
  const modelDigest = reader.sha256();
  const outputDigest = reader.sha256();
  const executor = { name: reader.text(), version: reader.text() };
  const workerPublicKey = reader.hex(32);
  const block = { number: reader.uint(8), hash: reader.hex(32) };
  const issuedAtMs = reader.uint(8);
  if (!reader.isDone()) {
    throw fail(`payload has ${reader.remaining()} trailing bytes`);
  }
  if (issuedAtMs > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw fail(`issued_at_ms ${issuedAtMs} is out of range`);
  }
  const common = {
    genesisHash,
    contract,
    queueJobId,
    inputDigest,
    modelDigest,
    outputDigest,
    executor,
    workerPublicKey,
    block,
    issuedAt: new Date(Number(issuedAtMs)).toISOString(),
  };
  const envelope: AttestationEnvelope =
    version === 1
      ? { version, ...common, confidentialJobId: confidential.v1 }
      : { version, ...common, confidential: confidential.v2 };
  // Validates every field and rejects non-canonical spellings (e.g. an over-long compact length).
  if (!u8aEq(buildAttestationPayload(envelope), payload)) {
    throw fail('payload is not in canonical form');
  }
  return envelope;
}

function readConfidential(
  reader: PayloadReader,
  version: AttestationVersion,
): {
  v1: bigint | null;
  v2: { contract: Hex; jobId: bigint } | null;
} {
  if (version === 1) {
    return { v1: reader.option(() => reader.uint(16)), v2: null };
  }
  return {
    v1: null,
    v2: reader.option(() => ({ contract: reader.hex(32), jobId: reader.uint(16) })),
  };
}

class PayloadReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  take(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) {
      throw fail(`payload is truncated at byte ${this.offset}`);
    }
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  hex(length: number): Hex {
    return u8aToHex(this.take(length));
  }

  sha256(): Sha256Digest {
    return `sha256:${u8aToHex(this.take(32), -1, false)}`;
  }

  uint(width: number): bigint {
    const bytes = this.take(width);
    let value = 0n;
    for (let i = width - 1; i >= 0; i -= 1) {
      value = (value << 8n) | BigInt(bytes[i] ?? 0);
    }
    return value;
  }

  option<T>(read: () => T): T | null {
    const [flag] = this.take(1);
    if (flag === 0) {
      return null;
    }
    if (flag !== 1) {
      throw fail(`invalid Option tag ${String(flag)} at byte ${this.offset - 1}`);
    }
    return read();
  }

  text(): string {
    const rest = this.bytes.subarray(this.offset);
    if (rest.length === 0) {
      throw fail(`payload is truncated at byte ${this.offset}`);
    }
    const [prefixLength, length] = compactFromU8a(rest);
    this.take(prefixLength);
    const bytes = this.take(Number(length.toString()));
    try {
      return utf8.decode(bytes);
    } catch (err) {
      throw fail(`invalid UTF-8 text at byte ${this.offset - bytes.length}`, err);
    }
  }

  isDone(): boolean {
    return this.offset === this.bytes.length;
  }

  remaining(): number {
    return this.bytes.length - this.offset;
  }
}

function fail(message: string, cause?: unknown): InvalidAttestationError {
  return new InvalidAttestationError('malformed-envelope', 'payload', message, { cause });
}
