/**
 * Writes the golden vectors test/vectors/attestation-v<N>.json ONCE each. They are then frozen: the
 * tests read them and never regenerate them, so a change to the encoding fails them. sr25519
 * signatures are randomized, so rerunning gives new signatures; the script refuses to overwrite
 * a file without --force. The expected verdict of every case is written here by hand (ADR 0010),
 * and the script refuses to write a file the implementation disagrees with.
 *
 *   npx tsx scripts/make-attestation-vectors.ts [v1|v2] [--force]      (default: v2)
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import {
  attestationDigest,
  type AttestationEnvelope,
  buildAttestationPayload,
  envelopeToJson,
  Sr25519AttestationSigner,
  toOnChainAttestation,
  verifyAttestation,
  verifyAttestationDocument,
} from '../src/attestation';
import { PASEO_CONTRACT_ADDRESSES } from '../src/contracts';
import { Secret } from '../src/shared/secret';
import { invalidCases, type VectorCase } from './attestation-vector-cases';

/** RFC 8032 test 1 secret, reused as an sr25519 mini-secret: public, for test vectors only. */
const DEV_SEED = '0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
/** RFC 8032 test 2 secret: the "other key" of the wrong-key and wrong-signer cases. */
const OTHER_SEED = '0x4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb';
const U128_MAX = (1n << 128n) - 1n;
const U64_MAX = (1n << 64n) - 1n;
const PHALA_ADDRESS = PASEO_CONTRACT_ADDRESSES.phalaJobProcessor;
const PHALA = (
  PHALA_ADDRESS.pallet === 'contracts' ? PHALA_ADDRESS.accountId : ''
) as `0x${string}`;

const sha = (text: string): `sha256:${string}` =>
  `sha256:${createHash('sha256').update(text).digest('hex')}`;
const h256 = (text: string): `0x${string}` =>
  `0x${createHash('sha256').update(text).digest('hex')}`;

function common(workerPublicKey: `0x${string}`) {
  return {
    genesisHash: h256('genesis'),
    contract: '0x5801b439a678d9d3a68b8019da6a4abfa507de11',
    queueJobId: 7n,
    inputDigest: sha('input'),
    modelDigest: sha('model'),
    outputDigest: sha('output'),
    executor: { name: 'webhook-call', version: '1.0.0' },
    workerPublicKey,
    block: { number: 1234n, hash: h256('block 1234') },
    issuedAt: '2026-11-28T09:15:30.123Z',
  } as const;
}

function v1Envelopes(key: `0x${string}`): Array<[string, AttestationEnvelope]> {
  const base: AttestationEnvelope = { version: 1, ...common(key), confidentialJobId: null };
  return [
    ['public job, no confidential id', base],
    ['confidential job', { ...base, queueJobId: 42n, confidentialJobId: 3n }],
    [
      'max u128 job ids, max u64 block number',
      {
        ...base,
        queueJobId: U128_MAX,
        confidentialJobId: U128_MAX,
        block: { number: U64_MAX, hash: h256('last block') },
      },
    ],
    [
      'unicode executor name and version',
      { ...base, executor: { name: 'onnx-推理-ëxécutør 🚀', version: '2.0.0-β.1' } },
    ],
    [
      'zero ids, confidential id Some(0), epoch time',
      {
        ...base,
        queueJobId: 0n,
        confidentialJobId: 0n,
        block: { number: 0n, hash: h256('genesis') },
        issuedAt: '1970-01-01T00:00:00.000Z',
      },
    ],
  ];
}

function v2Envelopes(key: `0x${string}`): Array<[string, AttestationEnvelope]> {
  const base: AttestationEnvelope = { version: 2, ...common(key), confidential: null };
  return [
    ['public job, before its record exists (confidential null)', base],
    [
      'confidential job 3 of the Paseo phala_job_processor',
      { ...base, queueJobId: 42n, confidential: { contract: PHALA, jobId: 3n } },
    ],
    [
      'max u128 ids, max u64 block number, last instant of year 9999',
      {
        ...base,
        queueJobId: U128_MAX,
        confidential: { contract: `0x${'ff'.repeat(32)}`, jobId: U128_MAX },
        block: { number: U64_MAX, hash: h256('last block') },
        issuedAt: '9999-12-31T23:59:59.999Z',
      },
    ],
    [
      'unicode executor name and version (surrogate pair, CJK, NFC accents)',
      { ...base, executor: { name: 'onnx-推理-ëxécutør 🚀', version: '2.0.0-β.1' } },
    ],
    [
      'zero ids, confidential Some(contract 0, job 0), epoch time',
      {
        ...base,
        queueJobId: 0n,
        confidential: { contract: `0x${'00'.repeat(32)}`, jobId: 0n },
        block: { number: 0n, hash: h256('genesis') },
        issuedAt: '1970-01-01T00:00:00.000Z',
      },
    ],
    [
      'text at the limits: 128-byte name (2-byte compact length), 63-byte version (1-byte)',
      {
        ...base,
        executor: { name: `${'€'.repeat(42)}ab`, version: 'v'.repeat(63) },
        confidential: { contract: PHALA, jobId: 1n },
      },
    ],
    [
      'text at the limits: 1-byte name, 64-byte version (2-byte compact length)',
      { ...base, executor: { name: 'x', version: '9'.repeat(64) } },
    ],
  ];
}

async function main(): Promise<void> {
  const version = process.argv.includes('v1') ? 1 : 2;
  const out = join(__dirname, '..', 'test', 'vectors', `attestation-v${version}.json`);
  if (existsSync(out) && !process.argv.includes('--force')) {
    throw new Error(`${out} exists; the vectors are frozen (pass --force to replace them)`);
  }
  const signer = await Sr25519AttestationSigner.fromSecret(new Secret(DEV_SEED));
  const other = await Sr25519AttestationSigner.fromSecret(new Secret(OTHER_SEED));
  const envelopes = version === 1 ? v1Envelopes(signer.publicKey) : v2Envelopes(signer.publicKey);
  const vectors = [];
  for (const [name, envelope] of envelopes) {
    const signed = await signer.sign(envelope);
    const verdict = await verifyAttestation(envelope, signed.signature);
    if (!verdict.ok) {
      throw new Error(`${name}: own signature does not verify: ${verdict.message}`);
    }
    vectors.push({
      name,
      envelope: envelopeToJson(envelope),
      payload: u8aToHex(buildAttestationPayload(envelope)),
      digest: attestationDigest(envelope),
      signature: signed.signature,
      onChain: toOnChainAttestation(signed),
    });
  }
  const cases: VectorCase[] = [];
  if (version === 2) {
    const [, base] = envelopes[1]!;
    const good = await signer.sign(base);
    const byOther = await other.sign({ ...base, workerPublicKey: other.publicKey });
    cases.push(
      ...invalidCases({
        signed: { envelope: envelopeToJson(base), signature: good.signature },
        otherSigned: { envelope: envelopeToJson(byOther.envelope), signature: byOther.signature },
        signerKey: signer.publicKey,
        otherKey: other.publicKey,
        onChain: toOnChainAttestation(good),
      }),
    );
    await checkCases(cases);
  }
  const file = {
    description: `PolkaMesh attestation envelope v${version} golden vectors (ADR 0005, ADR 0010). Frozen: written once by scripts/make-attestation-vectors.ts; do not regenerate.`,
    scheme: {
      payload: `polkamesh-attestation:v${version} tag + SCALE fields in fixed order`,
      digest: 'blake2b-256(payload)',
      signature: 'sr25519 (schnorrkel, signing context "substrate") over the payload bytes',
    },
    signer: { miniSecret: DEV_SEED, publicKey: signer.publicKey },
    ...(version === 2
      ? { otherSigner: { miniSecret: OTHER_SEED, publicKey: other.publicKey } }
      : {}),
    vectors,
    ...(version === 2 ? { cases } : {}),
  };
  writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
  process.stdout.write(`wrote ${vectors.length} vectors and ${cases.length} cases to ${out}\n`);
}

/** Every hand-written expectation must hold for the implementation before the file is written. */
async function checkCases(cases: readonly VectorCase[]): Promise<void> {
  const wrong: string[] = [];
  for (const c of cases) {
    const text = 'text' in c ? c.text : JSON.stringify(c.document);
    const verdict = await verifyAttestationDocument(
      text,
      c.publicKey === undefined ? {} : { expectedPublicKey: c.publicKey },
    );
    const got = verdict.ok ? 'valid' : verdict.reason;
    if (got !== c.expect) {
      wrong.push(
        `${c.name}: expected ${c.expect}, got ${got}${verdict.ok ? '' : ` (${verdict.message})`}`,
      );
    }
  }
  if (wrong.length > 0) {
    throw new Error(
      `the implementation disagrees with ${wrong.length} case(s):\n${wrong.join('\n')}`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
