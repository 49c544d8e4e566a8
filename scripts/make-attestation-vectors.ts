/**
 * Writes test/vectors/attestation-v1.json ONCE. The vectors are then frozen: the test reads them and
 * never regenerates them, so a change to the encoding fails it. sr25519 signatures are randomized,
 * so rerunning this script gives new signatures; it refuses to overwrite without --force.
 *
 *   npx tsx scripts/make-attestation-vectors.ts [--force]
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
} from '../src/attestation';
import { Secret } from '../src/shared/secret';

/** RFC 8032 test 1 secret, reused as an sr25519 mini-secret: public, for test vectors only. */
const DEV_SEED = '0x9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const OUT = join(__dirname, '..', 'test', 'vectors', 'attestation-v1.json');
const U128_MAX = (1n << 128n) - 1n;
const U64_MAX = (1n << 64n) - 1n;

const sha = (text: string): `sha256:${string}` =>
  `sha256:${createHash('sha256').update(text).digest('hex')}`;
const h256 = (text: string): `0x${string}` =>
  `0x${createHash('sha256').update(text).digest('hex')}`;

function envelopes(workerPublicKey: `0x${string}`): Array<[string, AttestationEnvelope]> {
  const base: AttestationEnvelope = {
    version: 1,
    genesisHash: h256('genesis'),
    contract: '0x5801b439a678d9d3a68b8019da6a4abfa507de11',
    queueJobId: 7n,
    confidentialJobId: null,
    inputDigest: sha('input'),
    modelDigest: sha('model'),
    outputDigest: sha('output'),
    executor: { name: 'webhook-call', version: '1.0.0' },
    workerPublicKey,
    block: { number: 1234n, hash: h256('block 1234') },
    issuedAt: '2026-11-28T09:15:30.123Z',
  };
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

async function main(): Promise<void> {
  if (existsSync(OUT) && !process.argv.includes('--force')) {
    throw new Error(`${OUT} exists; the vectors are frozen (pass --force to replace them)`);
  }
  const signer = await Sr25519AttestationSigner.fromSecret(new Secret(DEV_SEED));
  const vectors = [];
  for (const [name, envelope] of envelopes(signer.publicKey)) {
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
  const file = {
    description:
      'PolkaMesh attestation envelope v1 golden vectors (ADR 0005). Frozen: written once by scripts/make-attestation-vectors.ts; do not regenerate.',
    scheme: {
      payload: 'polkamesh-attestation:v1 tag + SCALE fields in fixed order',
      digest: 'blake2b-256(payload)',
      signature: 'sr25519 (schnorrkel, signing context "substrate") over the payload bytes',
    },
    signer: { miniSecret: DEV_SEED, publicKey: signer.publicKey },
    vectors,
  };
  writeFileSync(OUT, `${JSON.stringify(file, null, 2)}\n`);
  process.stdout.write(`wrote ${vectors.length} vectors to ${OUT}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
