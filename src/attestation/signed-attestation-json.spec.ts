import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InvalidAttestationError,
  parseSignedAttestation,
  serializeSignedAttestation,
} from './index';

interface Vector {
  envelope: Record<string, unknown>;
  signature: string;
}
const [first] = (
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'test', 'vectors', 'attestation-v1.json'), 'utf8'),
  ) as { vectors: Vector[] }
).vectors;
if (first === undefined) {
  throw new Error('no vectors');
}
const json = (envelope: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ envelope, signature: first.signature, ...extra });

function reasonOf(text: string): [string, string] {
  try {
    parseSignedAttestation(text);
  } catch (err) {
    if (err instanceof InvalidAttestationError) {
      return [err.reason, err.message];
    }
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('signed attestation JSON', () => {
  it('round-trips: parse then serialize gives the same JSON, bigints as decimal strings', () => {
    const signed = parseSignedAttestation(json(first.envelope));
    expect(typeof signed.envelope.queueJobId).toBe('bigint');
    expect(JSON.parse(serializeSignedAttestation(signed))).toEqual({
      envelope: first.envelope,
      signature: first.signature,
    });
  });

  it.each<[string, string, string]>([
    ['not JSON', '{', 'malformed-json'],
    ['an extra top-level key', json(first.envelope, { digest: '0x' }), 'malformed-json'],
    ['a number for a bigint', json({ ...first.envelope, queueJobId: 7 }), 'malformed-envelope'],
    ['a leading zero', json({ ...first.envelope, queueJobId: '07' }), 'malformed-envelope'],
    ['a negative id', json({ ...first.envelope, queueJobId: '-7' }), 'malformed-envelope'],
    ['an unknown envelope key', json({ ...first.envelope, extra: 1 }), 'malformed-envelope'],
    ['a bad digest', json({ ...first.envelope, inputDigest: 'sha256:zz' }), 'malformed-envelope'],
    ['version 3', json({ version: 3, anything: true }), 'unsupported-version'],
    ['a version string', json({ ...first.envelope, version: '1' }), 'unsupported-version'],
    [
      'a malformed signature',
      JSON.stringify({ envelope: first.envelope, signature: 'abc' }),
      'malformed-signature',
    ],
  ])('refuses %s', (_case, text, reason) => {
    expect(reasonOf(text)[0]).toBe(reason);
  });

  it('names the field in the message', () => {
    expect(reasonOf(json({ ...first.envelope, queueJobId: 7 }))[1]).toContain(
      'envelope.queueJobId',
    );
  });
});
