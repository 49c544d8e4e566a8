import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type OnChainAttestationRecord,
  onChainMismatches,
  parseAttestationDocument,
} from './index';

const V2 = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'test', 'vectors', 'attestation-v2.json'), 'utf8'),
) as {
  vectors: Array<{
    envelope: unknown;
    signature: string;
    onChain: { resultHash: string; attestationProof: string; teeWorkerPubkey: string };
  }>;
};
const vector = V2.vectors[1]!; // confidential job 3
const text = JSON.stringify({ envelope: vector.envelope, signature: vector.signature });

describe('parseAttestationDocument', () => {
  it('reads a signed attestation and an API body to the same attestation', () => {
    const plain = parseAttestationDocument(text);
    const body = parseAttestationDocument(
      JSON.stringify({
        id: '42',
        signed: JSON.parse(text) as unknown,
        onChain: { confidentialJobId: '3', ...vector.onChain, processed: true },
        anything: ['else'],
      }),
    );
    expect(plain).toMatchObject({ form: 'signed-attestation', onChain: null });
    expect(body.form).toBe('api-body');
    expect(body.signed).toEqual(plain.signed);
    expect(body.onChain).toEqual({ confidentialJobId: '3', ...vector.onChain });
  });

  it('ignores an on-chain record it cannot read', () => {
    const body = { signed: JSON.parse(text) as unknown, onChain: { resultHash: 7 } };
    expect(parseAttestationDocument(JSON.stringify(body)).onChain).toBeNull();
  });
});

describe('onChainMismatches', () => {
  const signed = parseAttestationDocument(text).signed;
  const record: OnChainAttestationRecord = { confidentialJobId: '3', ...vector.onChain };

  it('finds none for the record this attestation makes', () => {
    expect(onChainMismatches(signed, record)).toEqual([]);
  });

  it.each<[string, Partial<OnChainAttestationRecord>, RegExp]>([
    [
      'another confidential job',
      { confidentialJobId: '4' },
      /confidential job 4, the envelope names 3/,
    ],
    ['another result hash', { resultHash: 'sha256:00' }, /result_hash sha256:00/],
    ['another proof', { attestationProof: 'sr25519:v2:0x:0x' }, /attestation_proof/],
    ['another key', { teeWorkerPubkey: '0x01' }, /tee_worker_pubkey 0x01/],
  ])('names %s', (_name, change, message) => {
    expect(onChainMismatches(signed, { ...record, ...change })).toEqual([
      expect.stringMatching(message),
    ]);
  });
});
