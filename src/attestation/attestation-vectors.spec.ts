import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TypeRegistry } from '@polkadot/types';
import { hexToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { Secret } from '../shared/secret';
import {
  attestationDigest,
  type AttestationEnvelope,
  buildAttestationPayload,
  decodeAttestationPayload,
  envelopeFromJson,
  envelopeToJson,
  Sr25519AttestationSigner,
  toOnChainAttestation,
  verifyAttestation,
  verifyAttestationDocument,
} from './index';

// Frozen golden vectors (scripts/make-attestation-vectors.ts wrote them once); never regenerated here.
interface VectorFile {
  signer: { miniSecret: string; publicKey: string };
  vectors: Array<{
    name: string;
    envelope: unknown;
    payload: string;
    digest: string;
    signature: string;
    onChain: unknown;
  }>;
  cases?: Array<{
    name: string;
    expect: string;
    publicKey?: string;
    document?: unknown;
    text?: string;
  }>;
}
const readVectors = (version: number) =>
  JSON.parse(
    readFileSync(
      join(__dirname, '..', '..', 'test', 'vectors', `attestation-v${version}.json`),
      'utf8',
    ),
  ) as VectorFile;
const FILES = [
  [1, readVectors(1)],
  [2, readVectors(2)],
] as const;

/** The same layouts written with @polkadot/types: an independent SCALE encoder. */
const registry = new TypeRegistry();
const COMMON_LAYOUT = {
  inputDigest: '[u8; 32]',
  modelDigest: '[u8; 32]',
  outputDigest: '[u8; 32]',
  executorName: 'Text',
  executorVersion: 'Text',
  workerPublicKey: '[u8; 32]',
  blockNumber: 'u64',
  blockHash: '[u8; 32]',
  issuedAtMs: 'u64',
};
registry.register({
  AttestationV1: {
    genesisHash: '[u8; 32]',
    contract: '[u8; 20]',
    queueJobId: 'u128',
    confidentialJobId: 'Option<u128>',
    ...COMMON_LAYOUT,
  },
  AttestationV2: {
    genesisHash: '[u8; 32]',
    contract: '[u8; 20]',
    queueJobId: 'u128',
    confidential: 'Option<([u8; 32], u128)>',
    ...COMMON_LAYOUT,
  },
});
function independentPayload(e: AttestationEnvelope): string {
  const sha = (d: string): string => `0x${d.slice('sha256:'.length)}`;
  const body = registry.createType(`AttestationV${e.version}`, {
    genesisHash: e.genesisHash,
    contract: e.contract,
    queueJobId: e.queueJobId,
    ...(e.version === 1
      ? { confidentialJobId: e.confidentialJobId }
      : {
          confidential:
            e.confidential === null ? null : [e.confidential.contract, e.confidential.jobId],
        }),
    inputDigest: sha(e.inputDigest),
    modelDigest: sha(e.modelDigest),
    outputDigest: sha(e.outputDigest),
    executorName: e.executor.name,
    executorVersion: e.executor.version,
    workerPublicKey: e.workerPublicKey,
    blockNumber: e.block.number,
    blockHash: e.block.hash,
    issuedAtMs: Date.parse(e.issuedAt),
  });
  return u8aToHex(u8aConcat(stringToU8a(`polkamesh-attestation:v${e.version}`), body.toU8a()));
}

const bumpConfidential = (e: AttestationEnvelope): AttestationEnvelope =>
  e.version === 1
    ? { ...e, confidentialJobId: e.confidentialJobId === null ? 0n : null }
    : {
        ...e,
        confidential: e.confidential === null ? { contract: e.genesisHash, jobId: 0n } : null,
      };

/** One change per field (nested fields included), each giving another valid envelope. */
const FLIPS: Array<[string, (e: AttestationEnvelope) => AttestationEnvelope]> = [
  ['genesisHash', (e) => ({ ...e, genesisHash: bump(e.genesisHash) })],
  ['contract', (e) => ({ ...e, contract: bump(e.contract) })],
  ['queueJobId', (e) => ({ ...e, queueJobId: e.queueJobId === 0n ? 1n : e.queueJobId - 1n })],
  ['the confidential job (present / absent)', bumpConfidential],
  [
    'the confidential record (v2: contract; v1: id)',
    (e) =>
      e.version === 1
        ? { ...e, confidentialJobId: (e.confidentialJobId ?? 0n) === 0n ? 1n : 0n }
        : {
            ...e,
            confidential: {
              contract: bump(e.confidential?.contract ?? e.genesisHash),
              jobId: e.confidential?.jobId ?? 0n,
            },
          },
  ],
  ['inputDigest', (e) => ({ ...e, inputDigest: `sha256:${bump(e.inputDigest).slice(7)}` })],
  ['modelDigest', (e) => ({ ...e, modelDigest: `sha256:${bump(e.modelDigest).slice(7)}` })],
  ['outputDigest', (e) => ({ ...e, outputDigest: `sha256:${bump(e.outputDigest).slice(7)}` })],
  [
    'executor.name',
    (e) => {
      const chars = Array.from(e.executor.name);
      const last = chars.pop() === 'x' ? 'y' : 'x';
      return { ...e, executor: { ...e.executor, name: `${chars.join('')}${last}` } };
    },
  ],
  ['executor.version', (e) => ({ ...e, executor: { ...e.executor, version: 'x' } })],
  ['workerPublicKey', (e) => ({ ...e, workerPublicKey: bump(e.workerPublicKey) })],
  ['block.number', (e) => ({ ...e, block: { ...e.block, number: e.block.number ^ 1n } })],
  ['block.hash', (e) => ({ ...e, block: { ...e.block, hash: bump(e.block.hash) } })],
  [
    'issuedAt',
    (e) => {
      const ms = Date.parse(e.issuedAt);
      return { ...e, issuedAt: new Date(ms % 2 === 0 ? ms + 1 : ms - 1).toISOString() };
    },
  ],
];

/** Flips the lowest bit of the last hex digit, keeping the string lowercase hex. */
function bump<T extends string>(hex: T): T {
  const last = parseInt(hex.slice(-1), 16) ^ 1;
  return `${hex.slice(0, -1)}${last.toString(16)}` as T;
}

describe.each(FILES)('attestation v%i golden vectors', (version, FILE) => {
  it('derives the vectors signer public key from its mini-secret', async () => {
    const signer = await Sr25519AttestationSigner.fromSecret(new Secret(FILE.signer.miniSecret));
    expect(signer.publicKey).toBe(FILE.signer.publicKey);
  });

  it('holds the required cases', () => {
    expect(FILE.vectors.length).toBeGreaterThanOrEqual(5);
    expect(FILE.vectors.every((v) => (v.envelope as { version: number }).version === version)).toBe(
      true,
    );
  });

  describe.each(FILE.vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const envelope = envelopeFromJson(vector.envelope);

    it('rebuilds the exact payload bytes and digest', () => {
      expect(u8aToHex(buildAttestationPayload(envelope))).toBe(vector.payload);
      expect(attestationDigest(envelope)).toBe(vector.digest);
    });

    it('matches an independent SCALE encoding (@polkadot/types) of the same layout', () => {
      expect(independentPayload(envelope)).toBe(vector.payload);
    });

    it('decodes the payload back to the envelope and the JSON back to itself', () => {
      expect(decodeAttestationPayload(hexToU8a(vector.payload))).toEqual(envelope);
      expect(envelopeToJson(envelope)).toEqual(vector.envelope);
    });

    it('verifies the frozen signature and gives the frozen on-chain strings', async () => {
      await expect(verifyAttestation(envelope, vector.signature)).resolves.toEqual({
        ok: true,
        digest: vector.digest,
      });
      expect(
        toOnChainAttestation({ envelope, signature: vector.signature as `0x${string}` }),
      ).toEqual(vector.onChain);
    });

    it.each(FLIPS)('changing %s changes the payload and breaks the signature', async (_f, flip) => {
      const changed = flip(envelope);
      expect(u8aToHex(buildAttestationPayload(changed))).not.toBe(vector.payload);
      await expect(verifyAttestation(changed, vector.signature)).resolves.toMatchObject({
        ok: false,
        reason: 'bad-signature',
      });
    });

    it('rejects the signature with any one of its bytes changed', async () => {
      const bytes = hexToU8a(vector.signature);
      for (let i = 0; i < bytes.length; i += 1) {
        const changed = bytes.slice();
        changed[i] = (changed[i] ?? 0) ^ 0x01;
        const verdict = await verifyAttestation(envelope, u8aToHex(changed));
        expect(verdict.ok).toBe(false);
      }
    });
  });
});

describe('attestation v2 golden documents (ADR 0010 cases)', () => {
  const cases = readVectors(2).cases ?? [];

  it('covers every verdict', () => {
    expect(new Set(cases.map((c) => c.expect))).toEqual(
      new Set([
        'valid',
        'malformed-json',
        'no-attestation',
        'unsupported-version',
        'malformed-envelope',
        'malformed-signature',
        'wrong-key',
        'bad-signature',
      ]),
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const text = c.text ?? JSON.stringify(c.document);
    const verdict = await verifyAttestationDocument(
      text,
      c.publicKey === undefined ? {} : { expectedPublicKey: c.publicKey },
    );
    expect(verdict.ok ? 'valid' : verdict.reason).toBe(c.expect);
  });
});
