import {
  parseSignedAttestation,
  serializeSignedAttestation,
  Sr25519AttestationSigner,
  verifyAttestation,
  type AttestationEnvelope,
  type AttestationSigner,
  type Hex,
} from '../../attestation';
import { Secret } from '../../shared/secret';
import { JobAttestor, type AttestationChainView } from './job-attestor';
import type { JobWork, WorkResult } from './job-work';

const HEX32: Hex = `0x${'cd'.repeat(32)}`;
const PHALA: Hex = `0x${'70'.repeat(32)}`;
const chain: AttestationChainView = {
  genesisHash: HEX32,
  queueContract: `0x${'22'.repeat(20)}`,
  confidentialContract: PHALA,
  finalizedHead: () => Promise.resolve({ number: 12n, hash: HEX32 }),
};
const now = () => new Date('2026-11-27T12:00:00.000Z');
const work = { queueJobId: 7n, privacyRequired: false, confidentialId: null } as JobWork;
const result = {
  inputDigest: `sha256:${'01'.repeat(32)}`,
  modelDigest: `sha256:${'02'.repeat(32)}`,
  outputDigest: `sha256:${'03'.repeat(32)}`,
  executorVersion: 'ocr-ppocrv4@1.0.0',
} as WorkResult;

/** Signs correctly, then corrupts the signature: a broken key or signing library. */
class CorruptingSigner implements AttestationSigner {
  constructor(private readonly inner: AttestationSigner) {}
  get publicKey(): Hex {
    return this.inner.publicKey;
  }
  async sign(envelope: AttestationEnvelope) {
    const signed = await this.inner.sign(envelope);
    const flipped = (signed.signature.endsWith('0') ? '1' : '0') as string;
    return { ...signed, signature: `${signed.signature.slice(0, -1)}${flipped}` as Hex };
  }
}

describe('JobAttestor', () => {
  let signer: Sr25519AttestationSigner;
  beforeAll(async () => {
    signer = await Sr25519AttestationSigner.fromSecret(new Secret('//Dave'));
  });

  it('binds the job, the digests, the executor and the finalized head in a v2 envelope, and verifies', async () => {
    const { signed } = await new JobAttestor(signer, chain, now).attest(work, result);
    expect(signed.envelope).toMatchObject({
      version: 2,
      queueJobId: 7n,
      confidential: null,
      workerPublicKey: signer.publicKey,
      outputDigest: result.outputDigest,
      executor: { name: 'ocr-ppocrv4', version: '1.0.0' },
      block: { number: 12n, hash: HEX32 },
      issuedAt: '2026-11-27T12:00:00.000Z',
    });
    await expect(verifyAttestation(signed.envelope, signed.signature)).resolves.toMatchObject({
      ok: true,
    });
  });

  it('names the phala_job_processor record of a confidential job at once', async () => {
    const confidential = { ...work, privacyRequired: true, confidentialId: 4n } as JobWork;
    const { signed } = await new JobAttestor(signer, chain, now).attest(confidential, result);
    expect(signed.envelope).toMatchObject({
      version: 2,
      confidential: { contract: PHALA, jobId: 4n },
    });
  });

  it("re-signs a public job's attestation for the record it is stored under, keeping the run", async () => {
    const attestor = new JobAttestor(signer, chain, now);
    const first = await attestor.attest(work, result);
    const bound = await attestor.bindToRecord(first.json, 9n);
    expect(bound).not.toBeNull();
    const { envelope, signature } = parseSignedAttestation(bound!.json);
    expect(envelope).toEqual({
      ...first.signed.envelope,
      confidential: { contract: PHALA, jobId: 9n },
    });
    await expect(verifyAttestation(envelope, signature)).resolves.toMatchObject({ ok: true });
    expect(await attestor.bindToRecord(bound!.json, 9n)).toBeNull();
    const moved = await attestor.bindToRecord(bound!.json, 10n);
    expect(parseSignedAttestation(moved!.json).envelope).toMatchObject({
      confidential: { jobId: 10n },
    });
  });

  it('re-signs a v1 attestation or one by another key as v2 with this key', async () => {
    const other = await Sr25519AttestationSigner.fromSecret(new Secret('//Eve'));
    const v1 = await other.sign({
      version: 1,
      genesisHash: HEX32,
      contract: chain.queueContract,
      queueJobId: 7n,
      confidentialJobId: 9n,
      inputDigest: result.inputDigest as `sha256:${string}`,
      modelDigest: result.modelDigest as `sha256:${string}`,
      outputDigest: result.outputDigest as `sha256:${string}`,
      executor: { name: 'ocr-ppocrv4', version: '1.0.0' },
      workerPublicKey: other.publicKey,
      block: { number: 12n, hash: HEX32 },
      issuedAt: '2026-11-27T12:00:00.000Z',
    });
    const bound = await new JobAttestor(signer, chain, now).bindToRecord(
      serializeSignedAttestation(v1),
      9n,
    );
    expect(parseSignedAttestation(bound!.json).envelope).toMatchObject({
      version: 2,
      confidential: { contract: PHALA, jobId: 9n },
      workerPublicKey: signer.publicKey,
      queueJobId: 7n,
    });
  });

  it('refuses an attestation whose own signature does not verify (ENABLE_ATTESTATION_VERIFICATION)', async () => {
    const attestor = new JobAttestor(new CorruptingSigner(signer), chain, now);
    await expect(attestor.attest(work, result)).rejects.toThrow(/does not verify/);
  });

  it('passes it through unchecked when the verification is turned off', async () => {
    const attestor = new JobAttestor(new CorruptingSigner(signer), chain, now, {
      verifyOwnSignature: false,
    });
    const { signed } = await attestor.attest(work, result);
    const verdict = await verifyAttestation(signed.envelope, signed.signature);
    expect(verdict.ok).toBe(false);
  });
});
