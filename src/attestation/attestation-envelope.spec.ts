import fc from 'fast-check';
import { u8aEq } from '@polkadot/util';
import {
  type AttestationEnvelope,
  type AttestationEnvelopeV2,
  buildAttestationPayload,
  decodeAttestationPayload,
  InvalidAttestationError,
} from './index';

const HEX32 = `0x${'ab'.repeat(32)}` as const;
const valid: AttestationEnvelope = {
  version: 1,
  genesisHash: HEX32,
  contract: `0x${'11'.repeat(20)}`,
  queueJobId: 1n,
  confidentialJobId: null,
  inputDigest: `sha256:${'01'.repeat(32)}`,
  modelDigest: `sha256:${'02'.repeat(32)}`,
  outputDigest: `sha256:${'03'.repeat(32)}`,
  executor: { name: 'webhook-call', version: '1.0.0' },
  workerPublicKey: HEX32,
  block: { number: 10n, hash: HEX32 },
  issuedAt: '2026-01-02T03:04:05.678Z',
};

function refusal(value: unknown): InvalidAttestationError {
  try {
    buildAttestationPayload(value as AttestationEnvelope);
  } catch (err) {
    if (err instanceof InvalidAttestationError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected the envelope to be refused');
}

describe('buildAttestationPayload', () => {
  it('starts with the domain tag and is deterministic', () => {
    const payload = buildAttestationPayload(valid);
    expect(Buffer.from(payload.subarray(0, 24)).toString()).toBe('polkamesh-attestation:v1');
    expect(u8aEq(payload, buildAttestationPayload({ ...valid }))).toBe(true);
  });

  it('keeps the boundary between executor name and version (length prefixes)', () => {
    const a = buildAttestationPayload({ ...valid, executor: { name: 'ab', version: 'c' } });
    const b = buildAttestationPayload({ ...valid, executor: { name: 'a', version: 'bc' } });
    expect(u8aEq(a, b)).toBe(false);
  });

  it('tells no confidential id from confidential id 0', () => {
    const none = buildAttestationPayload(valid);
    const zero = buildAttestationPayload({ ...valid, confidentialJobId: 0n });
    expect(u8aEq(none, zero)).toBe(false);
  });

  it.each<[string, unknown, string]>([
    [
      'uppercase hex',
      { ...valid, genesisHash: HEX32.toUpperCase().replace('0X', '0x') },
      'genesisHash',
    ],
    ['a 32-byte contract', { ...valid, contract: HEX32 }, 'contract'],
    ['a number job id', { ...valid, queueJobId: 1 }, 'queueJobId'],
    ['a negative job id', { ...valid, queueJobId: -1n }, 'queueJobId'],
    ['a job id over u128', { ...valid, queueJobId: 1n << 128n }, 'queueJobId'],
    ['undefined confidential id', { ...valid, confidentialJobId: undefined }, 'confidentialJobId'],
    [
      'a digest of another algorithm',
      { ...valid, inputDigest: `sha512:${'01'.repeat(32)}` },
      'inputDigest',
    ],
    ['a short digest', { ...valid, outputDigest: 'sha256:01' }, 'outputDigest'],
    ['an empty executor name', { ...valid, executor: { name: '', version: '1' } }, 'executor.name'],
    [
      'a control character',
      { ...valid, executor: { name: 'a\nb', version: '1' } },
      'executor.name',
    ],
    ['a lone surrogate', { ...valid, executor: { name: '\uD800', version: '1' } }, 'executor.name'],
    ['non-NFC text', { ...valid, executor: { name: 'e\u0301', version: '1' } }, 'executor.name'],
    [
      'over 128 bytes',
      { ...valid, executor: { name: 'é'.repeat(65), version: '1' } },
      'executor.name',
    ],
    ['extra executor keys', { ...valid, executor: { ...valid.executor, x: 1 } }, 'executor'],
    [
      'a block number over u64',
      { ...valid, block: { number: 1n << 64n, hash: HEX32 } },
      'block.number',
    ],
    ['a time without ms', { ...valid, issuedAt: '2026-01-02T03:04:05Z' }, 'issuedAt'],
    ['a time with an offset', { ...valid, issuedAt: '2026-01-02T03:04:05.678+00:00' }, 'issuedAt'],
    ['an impossible date', { ...valid, issuedAt: '2026-02-30T00:00:00.000Z' }, 'issuedAt'],
    ['a time before 1970', { ...valid, issuedAt: '1969-12-31T23:59:59.999Z' }, 'issuedAt'],
    ['an extra field', { ...valid, note: 'unsigned' }, 'envelope'],
    ['a missing field', (({ block: _block, ...rest }) => rest)(valid), 'envelope'],
  ])('refuses %s, naming the field', (_case, value, field) => {
    const err = refusal(value);
    expect(err.reason).toBe('malformed-envelope');
    expect(err.field).toBe(field);
    expect(err.code).toBe('VALIDATION_FAILED');
  });

  it('reports an unknown version as unsupported, whatever its fields', () => {
    const err = refusal({ version: 3, somethingElse: true });
    expect(err.reason).toBe('unsupported-version');
    expect(err.message).toContain('number 3');
  });
});

describe('envelope v2', () => {
  const { confidentialJobId: _v1Only, ...fields } = valid;
  const v2: AttestationEnvelopeV2 = { ...fields, version: 2, confidential: null };
  const PHALA = `0x${'70'.repeat(32)}` as const;

  it('starts with its own tag, so a v1 signature never covers a v2 payload', () => {
    const payload = buildAttestationPayload(v2);
    expect(Buffer.from(payload.subarray(0, 24)).toString()).toBe('polkamesh-attestation:v2');
    expect(u8aEq(payload.subarray(24), buildAttestationPayload(valid).subarray(24))).toBe(true);
  });

  it('encodes the record as Option<(AccountId32, u128 little-endian)> after the queue job id', () => {
    const payload = buildAttestationPayload({
      ...v2,
      confidential: { contract: PHALA, jobId: 0x0102n },
    });
    const at = 24 + 32 + 20 + 16;
    expect(payload[at]).toBe(1);
    expect(Buffer.from(payload.subarray(at + 1, at + 33)).toString('hex')).toBe('70'.repeat(32));
    expect(Array.from(payload.subarray(at + 33, at + 49))).toEqual([2, 1, ...Array(14).fill(0)]);
    expect(buildAttestationPayload(v2)[at]).toBe(0);
  });

  it('tells no record from contract 0 / job 0, and binds the contract', () => {
    const none = buildAttestationPayload(v2);
    const zero = buildAttestationPayload({
      ...v2,
      confidential: { contract: `0x${'00'.repeat(32)}`, jobId: 0n },
    });
    const other = buildAttestationPayload({ ...v2, confidential: { contract: PHALA, jobId: 0n } });
    expect(u8aEq(none, zero)).toBe(false);
    expect(u8aEq(zero, other)).toBe(false);
  });

  it.each<[string, unknown, string]>([
    ['the v1 key', { ...v2, confidentialJobId: null }, 'envelope'],
    ['a missing record key', (({ confidential: _c, ...rest }) => rest)(v2), 'envelope'],
    [
      'an H160 contract',
      { ...v2, confidential: { contract: valid.contract, jobId: 1n } },
      'confidential.contract',
    ],
    [
      'uppercase contract hex',
      { ...v2, confidential: { contract: PHALA.replace(/0x70/, '0x7A'), jobId: 1n } },
      'confidential.contract',
    ],
    [
      'a job id over u128',
      { ...v2, confidential: { contract: PHALA, jobId: 1n << 128n } },
      'confidential.jobId',
    ],
    [
      'an extra record key',
      { ...v2, confidential: { contract: PHALA, jobId: 1n, x: 1 } },
      'confidential',
    ],
    ['a five-digit year', { ...v2, issuedAt: '+010000-01-01T00:00:00.000Z' }, 'issuedAt'],
  ])('refuses %s, naming the field', (_case, value, field) => {
    const err = refusal(value);
    expect(err.reason).toBe('malformed-envelope');
    expect(err.field).toBe(field);
  });
});

describe('decodeAttestationPayload', () => {
  const hex = (n: number): fc.Arbitrary<`0x${string}`> =>
    fc
      .uint8Array({ minLength: n, maxLength: n })
      .map((b) => `0x${Buffer.from(b).toString('hex')}` as const);
  const digest = hex(32).map((h) => `sha256:${h.slice(2)}` as const);
  const text = fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
    .map((s) => s.normalize('NFC').replace(/\p{Cc}/gu, '?'));
  const u128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
  const common = {
    genesisHash: hex(32),
    contract: hex(20),
    queueJobId: u128,
    inputDigest: digest,
    modelDigest: digest,
    outputDigest: digest,
    executor: fc.record({ name: text, version: text }),
    workerPublicKey: hex(32),
    block: fc.record({ number: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), hash: hex(32) }),
    issuedAt: fc
      .integer({ min: 0, max: Date.UTC(9999, 11, 31) })
      .map((ms) => new Date(ms).toISOString()),
  };
  const envelope: fc.Arbitrary<AttestationEnvelope> = fc.oneof(
    fc.record({
      version: fc.constant(1 as const),
      ...common,
      confidentialJobId: fc.option(u128, { nil: null }),
    }),
    fc.record({
      version: fc.constant(2 as const),
      ...common,
      confidential: fc.option(fc.record({ contract: hex(32), jobId: u128 }), { nil: null }),
    }),
  );

  it('inverts the encoder, so different envelopes never share a payload', () => {
    fc.assert(
      fc.property(envelope, (e) => {
        expect(decodeAttestationPayload(buildAttestationPayload(e))).toEqual(e);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses truncated, extended and mistagged payloads', () => {
    const payload = buildAttestationPayload(valid);
    expect(() => decodeAttestationPayload(payload.subarray(0, payload.length - 1))).toThrow(
      /truncated/,
    );
    expect(() => decodeAttestationPayload(new Uint8Array([...payload, 0]))).toThrow(/trailing/);
    const retagged = payload.slice();
    retagged[23] = 0x33; // "…:v3"
    expect(() => decodeAttestationPayload(retagged)).toThrow(/does not start with/);
  });
});
