/**
 * JSON form of a signed attestation (what the offline verifier reads). Bigints are decimal strings,
 * keys are written in the payload's field order, and parsing is strict: unknown keys, numbers for
 * bigints, leading zeros and any envelope the encoder would refuse are errors. Version 2:
 *
 * { "envelope": { "version": 2, "genesisHash": "0x…", "contract": "0x…", "queueJobId": "7",
 *   "confidential": { "contract": "0x…", "jobId": "3" } | null, "inputDigest": "sha256:…",
 *   "modelDigest": "sha256:…", "outputDigest": "sha256:…", "executor": { "name": "…",
 *   "version": "…" }, "workerPublicKey": "0x…", "block": { "number": "42", "hash": "0x…" },
 *   "issuedAt": "2026-01-02T03:04:05.678Z" }, "signature": "0x…" }
 *
 * Version 1 has `"confidentialJobId": "3" | null` where version 2 has `confidential`.
 */
import { z } from 'zod';
import type { AttestationEnvelope, Hex, SignedAttestation } from './attestation-types';
import {
  assertValidEnvelope,
  InvalidAttestationError,
  type InvalidAttestationReason,
  isSupportedVersion,
} from './attestation-validation';
import { LATEST_ATTESTATION_VERSION } from './attestation-version';

const SIGNATURE = /^0x[0-9a-f]{128}$/;
const decimal = z
  .string()
  .regex(/^(0|[1-9][0-9]*)$/, 'expected a decimal string without sign or leading zeros')
  .transform((text) => BigInt(text));

const signedShape = z.object({ envelope: z.unknown(), signature: z.unknown() }).strict();
const commonShape = {
  genesisHash: z.string(),
  contract: z.string(),
  queueJobId: decimal,
  inputDigest: z.string(),
  modelDigest: z.string(),
  outputDigest: z.string(),
  executor: z.object({ name: z.string(), version: z.string() }).strict(),
  workerPublicKey: z.string(),
  block: z.object({ number: decimal, hash: z.string() }).strict(),
  issuedAt: z.string(),
};
const envelopeShapes = {
  1: z
    .object({ version: z.literal(1), ...commonShape, confidentialJobId: decimal.nullable() })
    .strict(),
  2: z
    .object({
      version: z.literal(2),
      ...commonShape,
      confidential: z.object({ contract: z.string(), jobId: decimal }).strict().nullable(),
    })
    .strict(),
} as const;

/** The JSON value of an envelope (bigints as decimal strings); validates it first. */
export function envelopeToJson(envelope: AttestationEnvelope): Record<string, unknown> {
  assertValidEnvelope(envelope);
  const head = {
    version: envelope.version,
    genesisHash: envelope.genesisHash,
    contract: envelope.contract,
    queueJobId: envelope.queueJobId.toString(),
  };
  const confidential =
    envelope.version === 1
      ? {
          confidentialJobId:
            envelope.confidentialJobId === null ? null : envelope.confidentialJobId.toString(),
        }
      : {
          confidential:
            envelope.confidential === null
              ? null
              : {
                  contract: envelope.confidential.contract,
                  jobId: envelope.confidential.jobId.toString(),
                },
        };
  return {
    ...head,
    ...confidential,
    inputDigest: envelope.inputDigest,
    modelDigest: envelope.modelDigest,
    outputDigest: envelope.outputDigest,
    executor: { name: envelope.executor.name, version: envelope.executor.version },
    workerPublicKey: envelope.workerPublicKey,
    block: { number: envelope.block.number.toString(), hash: envelope.block.hash },
    issuedAt: envelope.issuedAt,
  };
}

/** An envelope from its JSON value; throws InvalidAttestationError (unsupported-version first). */
export function envelopeFromJson(value: unknown): AttestationEnvelope {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const version = isObject ? (value as Record<string, unknown>)['version'] : undefined;
  if (isObject && 'version' in value && !isSupportedVersion(version)) {
    assertValidEnvelope(value); // throws 'unsupported-version' naming the version
  }
  const parsed =
    envelopeShapes[isSupportedVersion(version) ? version : LATEST_ATTESTATION_VERSION].safeParse(
      value,
    );
  if (!parsed.success) {
    throw fromZod('malformed-envelope', 'envelope', parsed.error);
  }
  const envelope = parsed.data as AttestationEnvelope;
  assertValidEnvelope(envelope);
  return envelope;
}

/** Pretty-printed JSON of a signed attestation (validated; a trailing newline included). */
export function serializeSignedAttestation(signed: SignedAttestation): string {
  checkSignature(signed.signature);
  return `${JSON.stringify({ envelope: envelopeToJson(signed.envelope), signature: signed.signature }, null, 2)}\n`;
}

/** A signed attestation from JSON text; throws InvalidAttestationError. Does not verify the signature. */
export function parseSignedAttestation(text: string): SignedAttestation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidAttestationError('malformed-json', '', 'not valid JSON', { cause: err });
  }
  return signedAttestationFromJson(value);
}

/** A signed attestation from its parsed JSON value `{ envelope, signature }` (exactly those keys). */
export function signedAttestationFromJson(value: unknown): SignedAttestation {
  const parsed = signedShape.safeParse(value);
  if (!parsed.success) {
    throw fromZod('malformed-json', '', parsed.error);
  }
  const missing = ['envelope', 'signature'].filter((key) => !(key in (value as object)));
  if (missing.length > 0) {
    throw new InvalidAttestationError(
      'malformed-json',
      missing[0] ?? '',
      `missing ${missing.join(', ')} (expected exactly envelope, signature)`,
    );
  }
  const envelope = envelopeFromJson(parsed.data.envelope);
  return { envelope, signature: checkSignature(parsed.data.signature) };
}

/** The signature as lowercase `0x` + 128 hex; throws InvalidAttestationError otherwise. */
export function checkSignature(value: unknown): Hex {
  if (typeof value !== 'string' || !SIGNATURE.test(value)) {
    throw new InvalidAttestationError(
      'malformed-signature',
      'signature',
      'signature: expected 0x + 128 lowercase hex digits (64-byte sr25519 signature)',
    );
  }
  return value as Hex;
}

function fromZod(
  reason: InvalidAttestationReason,
  prefix: string,
  error: z.ZodError,
): InvalidAttestationError {
  const issues = error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${path === '' ? '(root)' : path}: ${issue.message}`;
  });
  const first = error.issues[0];
  const field = [prefix, ...(first?.path.map(String) ?? [])].filter(Boolean).join('.');
  return new InvalidAttestationError(reason, field, issues.join('; '));
}
