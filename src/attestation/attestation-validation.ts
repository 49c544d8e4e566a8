/**
 * Strict validation of attestation envelopes. Every field has exactly one accepted spelling
 * (lowercase hex, exact ISO form, NFC text), so that envelope equality is byte equality of the payload.
 */
import { AppError } from '../shared';
import type { AttestationEnvelope } from './attestation-types';
import { ATTESTATION_VERSIONS, type AttestationVersion } from './attestation-version';

/**
 * Why an attestation could not even be checked: not JSON of a known form, an API body without a
 * signed attestation, unknown version, bad shape, bad signature bytes.
 */
export type InvalidAttestationReason =
  | 'malformed-json'
  | 'no-attestation'
  | 'unsupported-version'
  | 'malformed-envelope'
  | 'malformed-signature';

/** An attestation that cannot be encoded, signed or verified; `field` names the offending field. */
export class InvalidAttestationError extends AppError {
  constructor(
    readonly reason: InvalidAttestationReason,
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('VALIDATION_FAILED', message, { field, reason }, options);
  }
}

const COMMON_KEYS = [
  'version',
  'genesisHash',
  'contract',
  'queueJobId',
  'inputDigest',
  'modelDigest',
  'outputDigest',
  'executor',
  'workerPublicKey',
  'block',
  'issuedAt',
] as const;
/** The exact key set of each version's envelope (order irrelevant). */
const ENVELOPE_KEYS: Readonly<Record<AttestationVersion, readonly string[]>> = {
  1: [...COMMON_KEYS, 'confidentialJobId'],
  2: [...COMMON_KEYS, 'confidential'],
};
const HEX32 = /^0x[0-9a-f]{64}$/;
const HEX20 = /^0x[0-9a-f]{40}$/;
const SHA256 = /^sha256:[0-9a-f]{64}$/;
/** Four-digit year only: toISOString writes ±YYYYYY outside 0000..9999. */
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Cc: C0 and C1 controls and DEL; Cs under the u flag: only unpaired surrogates. */
const CONTROL_OR_LONE_SURROGATE = /[\p{Cc}\p{Cs}]/u;
const MAX_TEXT_BYTES = 128;
const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
const utf8 = new TextEncoder();

/** True for the envelope versions this module knows (the JSON number 1 or 2). */
export function isSupportedVersion(value: unknown): value is AttestationVersion {
  return (ATTESTATION_VERSIONS as readonly unknown[]).includes(value);
}

/**
 * Throws InvalidAttestationError unless `value` is a valid envelope of a supported version with
 * exactly its version's keys. An object whose `version` is present but unsupported is reported as
 * 'unsupported-version' whatever its other keys; a missing `version` is a malformed envelope.
 */
export function assertValidEnvelope(value: unknown): asserts value is AttestationEnvelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed('envelope', `envelope: expected an object, got ${describe(value)}`);
  }
  const version = (value as Record<string, unknown>)['version'];
  if ('version' in value && !isSupportedVersion(version)) {
    throw new InvalidAttestationError(
      'unsupported-version',
      'version',
      `version: unsupported attestation version ${describe(version)} (supported: ${ATTESTATION_VERSIONS.join(', ')})`,
    );
  }
  const keys = isSupportedVersion(version) ? ENVELOPE_KEYS[version] : ENVELOPE_KEYS[2];
  const envelope = checkObject(value, keys, 'envelope');
  checkPattern(envelope['genesisHash'], HEX32, 'genesisHash', '0x + 64 lowercase hex digits');
  checkPattern(envelope['contract'], HEX20, 'contract', 'an H160: 0x + 40 lowercase hex digits');
  checkUint(envelope['queueJobId'], U128_MAX, 'queueJobId', 'u128');
  if (version === 1) {
    if (envelope['confidentialJobId'] !== null) {
      checkUint(envelope['confidentialJobId'], U128_MAX, 'confidentialJobId', 'u128 or null');
    }
  } else if (envelope['confidential'] !== null) {
    const confidential = checkObject(
      envelope['confidential'],
      ['contract', 'jobId'],
      'confidential',
    );
    checkPattern(
      confidential['contract'],
      HEX32,
      'confidential.contract',
      'an AccountId32: 0x + 64 lowercase hex digits',
    );
    checkUint(confidential['jobId'], U128_MAX, 'confidential.jobId', 'u128');
  }
  for (const field of ['inputDigest', 'modelDigest', 'outputDigest'] as const) {
    checkPattern(envelope[field], SHA256, field, 'sha256: + 64 lowercase hex digits');
  }
  const executor = checkObject(envelope['executor'], ['name', 'version'], 'executor');
  checkText(executor['name'], 'executor.name');
  checkText(executor['version'], 'executor.version');
  checkPattern(
    envelope['workerPublicKey'],
    HEX32,
    'workerPublicKey',
    '0x + 64 lowercase hex digits',
  );
  const block = checkObject(envelope['block'], ['number', 'hash'], 'block');
  checkUint(block['number'], U64_MAX, 'block.number', 'u64');
  checkPattern(block['hash'], HEX32, 'block.hash', '0x + 64 lowercase hex digits');
  checkIssuedAt(envelope['issuedAt']);
}

function checkObject(
  value: unknown,
  keys: readonly string[],
  field: string,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(field, `${field}: expected an object, got ${describe(value)}`);
  }
  const record = value as Record<string, unknown>;
  const missing = keys.filter((k) => !Object.prototype.hasOwnProperty.call(record, k));
  const extra = Object.keys(record).filter((k) => !keys.includes(k));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 ? `missing ${missing.join(', ')}` : '',
      extra.length > 0 ? `unexpected ${extra.join(', ')}` : '',
    ].filter(Boolean);
    throw malformed(field, `${field}: ${parts.join('; ')} (expected exactly ${keys.join(', ')})`);
  }
  return record;
}

function checkPattern(value: unknown, pattern: RegExp, field: string, expected: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    const hint =
      typeof value === 'string' && pattern.test(value.toLowerCase()) ? ' (lowercase only)' : '';
    throw malformed(field, `${field}: expected ${expected}, got ${describe(value)}${hint}`);
  }
}

function checkUint(value: unknown, max: bigint, field: string, expected: string): void {
  if (typeof value !== 'bigint' || value < 0n || value > max) {
    throw malformed(
      field,
      `${field}: expected a bigint in ${expected} range, got ${describe(value)}`,
    );
  }
}

function checkText(value: unknown, field: string): void {
  if (typeof value !== 'string') {
    throw malformed(field, `${field}: expected a string, got ${describe(value)}`);
  }
  const size = utf8.encode(value).length;
  if (size === 0 || size > MAX_TEXT_BYTES) {
    throw malformed(field, `${field}: expected 1..${MAX_TEXT_BYTES} UTF-8 bytes, got ${size}`);
  }
  if (CONTROL_OR_LONE_SURROGATE.test(value)) {
    throw malformed(field, `${field}: control characters and lone surrogates are not allowed`);
  }
  if (value.normalize('NFC') !== value) {
    throw malformed(field, `${field}: text must be in Unicode normalization form NFC`);
  }
}

function checkIssuedAt(value: unknown): void {
  const expected =
    'ISO-8601 UTC with milliseconds and a four-digit year (YYYY-MM-DDTHH:mm:ss.sssZ), 1970 to 9999';
  if (typeof value !== 'string' || !ISO_UTC_MS.test(value)) {
    throw malformed('issuedAt', `issuedAt: expected ${expected}, got ${describe(value)}`);
  }
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || ms < 0 || new Date(ms).toISOString() !== value) {
    throw malformed('issuedAt', `issuedAt: ${describe(value)} is not a real instant (${expected})`);
  }
}

function malformed(field: string, message: string): InvalidAttestationError {
  return new InvalidAttestationError('malformed-envelope', field, message);
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  }
  if (typeof value === 'bigint') {
    return `${value}n`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return `${typeof value} ${String(value)}`;
  }
  return value === null ? 'null' : typeof value;
}
